package io.sparkplane.estimator.internal;

/**
 * What a model expects of one run with one configuration. Internal.
 *
 * @param runtimeMedianMs predicted median runtime
 * @param runtimeUpperMs predicted runtime at the model's upper runtime quantile (p90 by default)
 * @param peakMedianBytes predicted median peak execution memory of one task
 * @param peakUpperBytes the same at the model's memory quantile (p98 by default)
 */
public record Prediction(
    double runtimeMedianMs, double runtimeUpperMs, double peakMedianBytes, double peakUpperBytes) {}
