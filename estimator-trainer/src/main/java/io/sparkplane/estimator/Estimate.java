package io.sparkplane.estimator;

import java.time.Duration;

/**
 * The recommended configuration for a run and what the model expects of it.
 *
 * @param executors number of executors
 * @param executorCores cores per executor
 * @param executorMemoryMb executor heap ({@code spark.executor.memory})
 * @param executorMemoryOverheadMb off-heap overhead ({@code spark.executor.memoryOverhead})
 * @param shufflePartitions {@code spark.sql.shuffle.partitions}
 * @param runtimeP50 predicted median runtime with this configuration
 * @param runtimeP90 predicted 90th percentile runtime with this configuration
 * @param peakMemoryBytes predicted peak execution memory of one task, at the high quantile the
 *     memory recommendation is built on
 * @param modelVersion version of the model that answered, {@code heuristic} when none did
 * @param heuristicFallback whether no trained model answered (no model yet, or a workload or size
 *     it has not seen)
 * @param slaMet whether the predicted p90 meets the requested SLA (true when there is none)
 */
public record Estimate(
    int executors,
    int executorCores,
    long executorMemoryMb,
    long executorMemoryOverheadMb,
    int shufflePartitions,
    Duration runtimeP50,
    Duration runtimeP90,
    long peakMemoryBytes,
    String modelVersion,
    boolean heuristicFallback,
    boolean slaMet) {

  /** Executor-seconds the configuration costs at the predicted p50: what the recommender minimises. */
  public double executorSeconds() {
    return (double) executors * executorCores * runtimeP50.toMillis() / 1000.0;
  }
}
