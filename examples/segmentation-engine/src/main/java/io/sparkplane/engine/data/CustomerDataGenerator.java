package io.sparkplane.engine.data;

import static org.apache.spark.sql.functions.callUDF;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.rand;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;

/**
 * Generates {@link CustomerData} from {@code spark.range}, so any size is produced inside the
 * executors without a file on disk. Keys of orders and events follow a Zipf law over the customers
 * (inverse CDF by binary search, in a UDF registered per spec); relationships repeat each key
 * {@code duplicateKeyFactor} times on both sides.
 *
 * <pre>{@code
 * CustomerData data = new CustomerDataGenerator(spark).generate(DataSpec.small().withZipf(3.0));
 * }</pre>
 */
public final class CustomerDataGenerator {

  private static final long DAY_MS = 86_400_000L;
  private static final long BASE_MS = 1_735_689_600_000L; // 2025-01-01T00:00:00Z

  private final SparkSession spark;

  public CustomerDataGenerator(SparkSession spark) {
    this.spark = spark;
  }

  public CustomerData generate(DataSpec spec) {
    int p = spec.partitions();
    String zipf = registerZipf(spec);
    var profiles =
        spark.range(0, spec.customers(), 1, p)
            .select(
                col("id").as("customer_id"),
                concat(lit("customer-"), col("id"), lit("@example.com")).as("email"),
                element_at(org.apache.spark.sql.functions.array(lit("us-east-1"), lit("eu-west-1"), lit("ap-south-1")),
                        pmod(col("id"), lit(3)).cast("int").plus(1))
                    .as("region"),
                pmod(col("id"), lit(4)).cast("int").as("tier"),
                org.apache.spark.sql.functions.date_add(lit("2020-01-01").cast("date"), pmod(col("id"), lit(1800)).cast("int"))
                    .as("signup_date"),
                round(rand(spec.seed()).multiply(1000), 2).as("ltv_base"));
    var orders =
        spark.range(0, spec.orders(), 1, p)
            .select(
                col("id").as("order_id"),
                key(zipf, spec, spec.seed() + 1).as("customer_id"),
                round(rand(spec.seed() + 2).multiply(250).plus(5), 2).as("amount"),
                col("id").multiply(7919).mod(90 * DAY_MS).plus(BASE_MS).as("order_ts"));
    Column ts = col("id").multiply(104_729).mod(90 * DAY_MS).plus(BASE_MS).divide(1000).cast("timestamp").cast("string");
    Column rawTs = spec.malformedEventEvery() > 0
        ? when(pmod(col("id"), lit(spec.malformedEventEvery())).equalTo(spec.malformedEventEvery() - 1), lit("n/a")).otherwise(ts)
        : ts;
    var events =
        spark.range(0, spec.events(), 1, p)
            .select(
                col("id").as("event_id"),
                key(zipf, spec, spec.seed() + 3).as("customer_id"),
                element_at(org.apache.spark.sql.functions.array(lit("view"), lit("cart"), lit("purchase"), lit("support")),
                        pmod(col("id"), lit(4)).cast("int").plus(1))
                    .as("event_type"),
                rawTs.as("raw_ts"));
    long keys = Math.max(1, spec.relationships() / spec.duplicateKeyFactor());
    var relationships =
        spark.range(0, spec.relationships(), 1, p)
            .select(
                floor(rand(spec.seed() + 4).multiply(keys)).cast("long").as("referrer_id"),
                floor(rand(spec.seed() + 5).multiply(keys)).cast("long").as("referee_id"),
                lit("referral").as("kind"));
    return new CustomerData(spec, profiles, orders, events, relationships);
  }

  private static Column key(String zipf, DataSpec spec, long seed) {
    Column u = rand(seed);
    return spec.zipfExponent() == 0
        ? floor(u.multiply(spec.customers())).cast("long")
        : callUDF(zipf, u);
  }

  /** Registers the inverse Zipf CDF of this spec as a UDF and returns its name. */
  private String registerZipf(DataSpec spec) {
    if (spec.zipfExponent() == 0) {
      return "";
    }
    String name = "sparkplane_zipf_" + Math.abs((spec.customers() + "/" + spec.zipfExponent()).hashCode());
    int n = (int) Math.min(spec.customers(), 1_000_000);
    double[] cdf = new double[n];
    double sum = 0;
    for (int k = 0; k < n; k++) {
      sum += 1 / Math.pow(k + 1, spec.zipfExponent());
      cdf[k] = sum;
    }
    for (int k = 0; k < n; k++) {
      cdf[k] /= sum;
    }
    spark.udf().register(name, (UDF1<Double, Long>) u -> inverse(cdf, u), DataTypes.LongType);
    return name;
  }

  static long inverse(double[] cdf, double u) {
    int lo = 0;
    int hi = cdf.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cdf[mid] < u) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
