package io.sparkplane.estimator.internal;

import java.util.Arrays;
import java.util.List;

/** Empirical quantiles of small arrays. Internal. */
public final class Quantiles {

  private Quantiles() {}

  /** {@link #of(double[], double)} of a list. */
  public static double of(List<Double> values, double q) {
    return of(values.stream().mapToDouble(Double::doubleValue).toArray(), q);
  }

  /** The {@code q} quantile of {@code values} (nearest rank, interpolated); 0 when empty. */
  public static double of(double[] values, double q) {
    if (values.length == 0) {
      return 0;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  }
}
