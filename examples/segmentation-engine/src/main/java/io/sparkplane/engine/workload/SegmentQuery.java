package io.sparkplane.engine.workload;

import io.sparkplane.engine.SaltingDirective;
import io.sparkplane.engine.data.CustomerData;
import io.sparkplane.engine.data.DataSpec;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.jspecify.annotations.Nullable;

/** One named segment workload: a Spark query over {@link CustomerData} and its action. */
public interface SegmentQuery {

  /** The workload name, stable across runs ({@code sparkplane.workload}). */
  String name();

  /** The key of the step that skews on a hot customer; salted when a plan names no key. */
  List<String> skewKeys();

  JobShape shape(DataSpec spec);

  /**
   * Runs the query and returns the segment's size (rows of the result).
   *
   * @param salting salt the skew-prone step, or {@code null} to run the plain plan
   * @param budget the attempt's deadline: a query whose tasks can check it fails its task with
   *     {@link AttemptBudget#exceeded} past it (the engine cancels the others' jobs)
   */
  long run(SparkSession spark, CustomerData data, @Nullable SaltingDirective salting, AttemptBudget budget);
}
