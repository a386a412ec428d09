package io.sparkplane.engine.workload;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.unix_timestamp;

import io.sparkplane.engine.SaltingDirective;
import io.sparkplane.engine.data.CustomerData;
import io.sparkplane.engine.data.DataSpec;
import io.sparkplane.salting.SaltedAggregate;
import io.sparkplane.salting.Salting;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.jspecify.annotations.Nullable;

/**
 * {@code churn-risk}: events parsed from the feed's text timestamps (ANSI: a malformed timestamp
 * fails the task with {@code [CAST_INVALID_INPUT]}), the gap to each customer's previous event by a
 * window, then per customer the longest gap and last activity; the segment is customers whose
 * longest gap exceeds 30 days. Salting applies to the per-customer aggregation.
 */
public final class ChurnRisk implements SegmentQuery {

  public static final String NAME = "churn-risk";

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
    return new JobShape(List.of(new TableSize("events", spec.events(), spec.events() * 48)), 0, 0, "DRIVER");
  }

  @Override
  public long run(SparkSession spark, CustomerData data, @Nullable SaltingDirective salting, AttemptBudget budget) {
    WindowSpec perCustomer = Window.partitionBy("customer_id").orderBy("ts");
    Dataset<Row> gaps =
        data.events()
            .withColumn("ts", col("raw_ts").cast("timestamp"))
            .withColumn("gap_s", unix_timestamp(col("ts")).minus(unix_timestamp(lag(col("ts"), 1).over(perCustomer))));
    Dataset<Row> perCustomerGaps =
        salting == null
            ? gaps.groupBy("customer_id").agg(org.apache.spark.sql.functions.max("gap_s").as("max_gap_s"))
            : Salting.aggregate(
                gaps, salting.keys().isEmpty() ? skewKeys() : salting.keys(), salting.factor(), SaltedAggregate.max("gap_s", "max_gap_s"));
    return perCustomerGaps.where(col("max_gap_s").gt(30L * 86_400)).count();
  }
}
