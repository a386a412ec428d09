package io.sparkplane.engine.workload;

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
import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.DataTypes;
import org.jspecify.annotations.Nullable;

/**
 * {@code high-value-customers}: orders joined to profiles on {@code customer_id} (a shuffle join:
 * profiles are too large to broadcast in production), every order scored by a propensity function
 * that looks features up in a (simulated) feature store at {@link DataSpec#scoreCost()} µs per row,
 * paid in batched calls, then summed per customer; the segment is the customers above a score. A
 * hot customer puts most orders, and so most lookups, in one task. The lookup waits rather than
 * computes, so a run's time depends on how its rows spread over task slots, not on how busy the
 * machine's cores are.
 */
public final class HighValueCustomers implements SegmentQuery {

  public static final String NAME = "high-value-customers";

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
  public long run(SparkSession spark, CustomerData data, @Nullable SaltingDirective salting, AttemptBudget budget) {
    Dataset<Row> orders = data.orders();
    Dataset<Row> profiles = data.profiles().select("customer_id", "tier", "ltv_base");
    Dataset<Row> joined =
        salting == null
            ? orders.join(profiles, "customer_id")
            : Salting.join(orders, profiles, keys(salting), salting.factor(), "inner");
    int micros = data.spec().scoreCost();
    Dataset<Row> scored =
        joined
            .select("customer_id", "tier", "amount", "ltv_base")
            .mapPartitions((MapPartitionsFunction<Row, Row>) rows -> new Scorer(rows, micros, budget), Encoders.row(SCORED));
    return scored
        .groupBy("customer_id", "tier")
        .agg(sum("score").as("score"), count(lit(1)).as("orders"))
        .where(col("score").gt(100))
        .count();
  }

  private static final StructType SCORED =
      new StructType()
          .add("customer_id", DataTypes.LongType)
          .add("tier", DataTypes.IntegerType)
          .add("score", DataTypes.DoubleType);

  /**
   * Scores a partition's orders; checks the attempt budget every {@value #CHECK_EVERY} rows, so a
   * straggler fails itself at the deadline (task FAILED, its time in the stage's figures).
   */
  private static final class Scorer implements Iterator<Row> {
    static final int CHECK_EVERY = 256;
    private final Iterator<Row> rows;
    private final int micros;
    private final AttemptBudget budget;
    private long seen;

    Scorer(Iterator<Row> rows, int micros, AttemptBudget budget) {
      this.rows = rows;
      this.micros = micros;
      this.budget = budget;
    }

    @Override
    public boolean hasNext() {
      return rows.hasNext();
    }

    @Override
    public Row next() {
      if (++seen % CHECK_EVERY == 0) {
        budget.check(System.currentTimeMillis());
      }
      Row r = rows.next();
      double score = score(r.getDouble(2), r.getDouble(3), r.getInt(1), micros);
      return RowFactory.create(r.getLong(0), r.getInt(1), score);
    }
  }

  private List<String> keys(SaltingDirective salting) {
    return salting.keys().isEmpty() ? skewKeys() : salting.keys();
  }

  /** Lookup time a task thread owes the feature store, paid in calls of {@value #CALL_MICROS} µs. */
  private static final ThreadLocal<long[]> OWED_MICROS = ThreadLocal.withInitial(() -> new long[1]);
  static final long CALL_MICROS = 5_000;

  /** A deterministic stand-in for a propensity model behind a feature store costing {@code micros} per row. */
  static double score(double amount, double ltv, int tier, int micros) {
    if (micros > 0) {
      long[] owed = OWED_MICROS.get();
      owed[0] += micros;
      if (owed[0] >= CALL_MICROS) {
        long ms = owed[0] / 1000;
        owed[0] -= ms * 1000;
        try {
          Thread.sleep(ms);
        } catch (InterruptedException e) {
          // The task is being killed (its job was cancelled): stop here.
          Thread.currentThread().interrupt();
          throw new RuntimeException("feature store lookup interrupted", e);
        }
      }
    }
    long h = Double.doubleToLongBits(amount) ^ (Double.doubleToLongBits(ltv) * 31) ^ tier;
    double s = amount;
    for (int i = 0; i < 32; i++) {
      h ^= h << 13;
      h ^= h >>> 7;
      h ^= h << 17;
      s += (h & 1023) * 1e-7;
    }
    return s;
  }
}
