package io.sparkplane.estimator.internal;

import io.sparkplane.estimator.JobFeatures;
import java.util.Objects;

/**
 * One finished run as the trainer sees it: what was known before it ran, what it was given, and
 * what it took. Internal.
 *
 * @param fromEstimate whether the features came from the run's {@code estimate} attachment (else
 *     they were derived from its summary)
 */
public record TrainingRun(
    String tenant,
    String workload,
    String runId,
    long submitTimeMs,
    JobFeatures features,
    int executors,
    int executorCores,
    long durationMs,
    long peakTaskMemoryBytes,
    boolean fromEstimate) {

  public TrainingRun {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(workload, "workload");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(features, "features");
    if (executors < 1 || executorCores < 1) {
      throw new IllegalArgumentException("executors and executorCores must be >= 1");
    }
    if (durationMs < 1) {
      throw new IllegalArgumentException("durationMs must be >= 1, was " + durationMs);
    }
    if (peakTaskMemoryBytes < 0) {
      throw new IllegalArgumentException("peakTaskMemoryBytes must be >= 0");
    }
  }

  public String workloadKey() {
    return WorkloadHistory.key(tenant, workload);
  }
}
