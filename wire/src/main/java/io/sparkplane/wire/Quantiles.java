package io.sparkplane.wire;

/**
 * Distribution of one per-task metric over a stage, from a mergeable sketch (relative error of the
 * quantiles is bounded by the sketch's accuracy; {@code max} is exact).
 */
public record Quantiles(long count, double p50, double p90, double p99, double max) {

  public static final Quantiles EMPTY = new Quantiles(0, 0, 0, 0, 0);

  /** max / median, the usual skew measure; 0 when there is no median. */
  public double maxToMedian() {
    return p50 > 0 ? max / p50 : 0;
  }
}
