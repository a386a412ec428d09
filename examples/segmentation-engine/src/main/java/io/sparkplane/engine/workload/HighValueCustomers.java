package io.sparkplane.engine.workload;

import static org.apache.spark.sql.functions.callUDF;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import io.sparkplane.engine.SaltingDirective;
import io.sparkplane.engine.data.CustomerData;
import io.sparkplane.engine.data.DataSpec;
import io.sparkplane.salting.Salting;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF4;
import org.apache.spark.sql.types.DataTypes;
import org.jspecify.annotations.Nullable;

/**
 * {@code high-value-customers}: orders joined to profiles on {@code customer_id} (a shuffle join:
 * profiles are too large to broadcast in production), every order scored by a propensity function
 * that costs {@link DataSpec#scoreCost()} units per row, then summed per customer; the segment is
 * the customers above a score. A hot customer puts most orders, and so most scoring, in one task.
 */
public final class HighValueCustomers implements SegmentQuery {

  public static final String NAME = "high-value-customers";
  private static final String SCORE = "sparkplane_propensity";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> skewKeys() {
    return List.of("customer_id");
  }

  @Override
  public JobShape shape(DataSpec spec) {
    return new JobShape(
        List.of(new TableSize("orders", spec.orders(), spec.orders() * 32), new TableSize("profiles", spec.customers(), spec.customers() * 72)),
        1, 1, "DRIVER");
  }

  @Override
  public long run(SparkSession spark, CustomerData data, @Nullable SaltingDirective salting) {
    spark.udf().register(SCORE, (UDF4<Double, Double, Integer, Integer, Double>) HighValueCustomers::score, DataTypes.DoubleType);
    Dataset<Row> orders = data.orders();
    Dataset<Row> profiles = data.profiles().select("customer_id", "tier", "ltv_base");
    Dataset<Row> joined =
        salting == null
            ? orders.join(profiles, "customer_id")
            : Salting.join(orders, profiles, keys(salting), salting.factor(), "inner");
    return joined
        .withColumn("score", callUDF(SCORE, col("amount"), col("ltv_base"), col("tier"), lit(data.spec().scoreCost())))
        .groupBy("customer_id", "tier")
        .agg(sum("score").as("score"), count(lit(1)).as("orders"))
        .where(col("score").gt(100))
        .count();
  }

  private List<String> keys(SaltingDirective salting) {
    return salting.keys().isEmpty() ? skewKeys() : salting.keys();
  }

  /** A deterministic stand-in for a propensity model: {@code cost} rounds of xorshift mixing. */
  static Double score(Double amount, Double ltv, Integer tier, Integer cost) {
    long h = Double.doubleToLongBits(amount) ^ (Double.doubleToLongBits(ltv) * 31) ^ tier;
    double s = amount;
    for (int i = 0; i < cost; i++) {
      h ^= h << 13;
      h ^= h >>> 7;
      h ^= h << 17;
      s += (h & 1023) * 1e-7;
    }
    return s;
  }
}
