package io.sparkplane.reliability;

import java.util.List;

/** Least-squares slope of a series over time, for "no growth trend" checks. */
final class Trend {

  private Trend() {}

  /** Slope of {@code y} per second of {@code tSeconds}. */
  static double slopePerSecond(List<Double> tSeconds, List<Double> y) {
    int n = tSeconds.size();
    if (n < 2) {
      throw new IllegalArgumentException("a slope needs at least 2 points, got " + n);
    }
    double mt = tSeconds.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double my = y.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double num = 0;
    double den = 0;
    for (int i = 0; i < n; i++) {
      num += (tSeconds.get(i) - mt) * (y.get(i) - my);
      den += (tSeconds.get(i) - mt) * (tSeconds.get(i) - mt);
    }
    return num / den;
  }
}
