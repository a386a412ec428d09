package io.sparkplane.estimator.internal;

/**
 * What a workload's recent finished runs say, as model features. Internal.
 *
 * @param count recent runs considered (capped by {@link WorkloadHistory#WINDOW})
 * @param logMedianDurationMs ln of their median runtime, 0 without runs
 * @param logMedianBytes ln(1 + median input bytes), 0 without runs
 * @param logMedianPeakBytes ln(1 + median peak task memory), 0 without runs
 */
public record WorkloadStats(
    int count, double logMedianDurationMs, double logMedianBytes, double logMedianPeakBytes) {

  public static final WorkloadStats NONE = new WorkloadStats(0, 0, 0, 0);
}
