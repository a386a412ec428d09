package io.sparkplane.triage.corpus;

import io.sparkplane.triage.TriageClass;
import org.apache.spark.sql.SparkSession;

/**
 * A workload run on real Spark that produces one labelled case.
 *
 * @param slaBreach whether the run is given a deadline it cannot meet (successful slow runs)
 */
public record SparkCase(String name, TriageClass label, String description, boolean slaBreach, Workload workload) {

  @FunctionalInterface
  public interface Workload {
    void run(SparkSession spark) throws Exception;
  }
}
