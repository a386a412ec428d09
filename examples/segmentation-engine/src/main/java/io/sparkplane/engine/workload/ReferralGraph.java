package io.sparkplane.engine.workload;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import io.sparkplane.engine.SaltingDirective;
import io.sparkplane.engine.data.CustomerData;
import io.sparkplane.engine.data.DataSpec;
import io.sparkplane.salting.Salting;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.jspecify.annotations.Nullable;

/**
 * {@code referral-graph}: two-hop referrals, a self-join of relationships ({@code a → b → c} on
 * {@code b}), counted per original referrer; the segment is referrers with more than 2 second-hop
 * referrals. With {@link DataSpec#duplicateKeyFactor()} d, each key has d rows on each side and the
 * join produces d² rows per key: a Cartesian explosion.
 */
public final class ReferralGraph implements SegmentQuery {

  public static final String NAME = "referral-graph";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> skewKeys() {
    return List.of("b");
  }

  @Override
  public JobShape shape(DataSpec spec) {
    return new JobShape(List.of(new TableSize("relationships", spec.relationships(), spec.relationships() * 24)), 1, 2, "DRIVER");
  }

  @Override
  public long run(SparkSession spark, CustomerData data, @Nullable SaltingDirective salting, AttemptBudget budget) {
    Dataset<Row> firstHop = data.relationships().select(col("referrer_id").as("a"), col("referee_id").as("b"));
    Dataset<Row> secondHop = data.relationships().select(col("referrer_id").as("b"), col("referee_id").as("c"));
    Dataset<Row> paths =
        salting == null
            ? firstHop.join(secondHop, "b")
            : Salting.join(firstHop, secondHop, salting.keys().isEmpty() ? skewKeys() : salting.keys(), salting.factor(), "inner");
    return paths.groupBy("a").agg(count(lit(1)).as("second_hop")).where(col("second_hop").gt(2)).count();
  }
}
