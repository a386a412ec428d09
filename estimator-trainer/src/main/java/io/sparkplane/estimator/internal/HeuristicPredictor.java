package io.sparkplane.estimator.internal;

import io.sparkplane.estimator.JobFeatures;

/**
 * The answer when no model can give one (no model yet, a workload without history): a fixed
 * start-up cost plus input bytes over a per-core scan rate, slowed by joins, with wide bounds.
 * Deliberately conservative; see {@code docs/estimator.md}. Internal.
 */
public final class HeuristicPredictor implements Predictor {

  /** Start-up and scheduling cost of any run. */
  static final double FIXED_MS = 20_000;
  /** Bytes one core scans per second when nothing else is known. */
  static final double BYTES_PER_CORE_SECOND = 32.0 * (1 << 20);
  /** Each join adds this share of the scan cost. */
  static final double JOIN_FACTOR = 0.5;
  /** Upper runtime quantile as a multiple of the median. */
  static final double UPPER_FACTOR = 2.0;
  /** Peak task memory assumed: Spark's default 128 MiB split, twice over. */
  static final double PEAK_BYTES = 256.0 * (1 << 20);

  @Override
  public Prediction predict(
      JobFeatures features, int executors, int executorCores, WorkloadStats history) {
    double cores = (double) executors * executorCores;
    double scanMs =
        features.totalBytes() * (1 + JOIN_FACTOR * features.joins()) / (BYTES_PER_CORE_SECOND * cores) * 1000;
    double median = FIXED_MS + scanMs;
    double peak = Math.min(PEAK_BYTES, Math.max(32.0 * (1 << 20), features.totalBytes() / cores * 2));
    return new Prediction(median, median * UPPER_FACTOR, peak / 2, peak);
  }
}
