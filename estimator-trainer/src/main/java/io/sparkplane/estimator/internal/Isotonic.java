package io.sparkplane.estimator.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Isotonic (non-decreasing) least-squares regression of y on x by pool-adjacent-violators: the
 * closest non-decreasing step curve to the points, each distinct x weighted by its number of points.
 * Internal.
 */
final class Isotonic {

  private Isotonic() {}

  /**
   * Fits {@code points} ({x, y} pairs, any order, at least one) and returns {xs, ys}: increasing
   * distinct x and the non-decreasing fitted y there. Of each run of equal fitted values only the
   * first and last x are kept (the curve is flat between them).
   */
  static double[][] fit(List<double[]> points) {
    if (points.isEmpty()) {
      throw new IllegalArgumentException("points must not be empty");
    }
    List<double[]> sorted = new ArrayList<>(points);
    sorted.sort(Comparator.comparingDouble(p -> p[0]));
    // Blocks of {sum y, weight, first x, last x}, merged while a block's mean is not above its left
    // one's (equal neighbours merge too, so that a flat stretch is one block).
    List<double[]> blocks = new ArrayList<>();
    for (double[] p : sorted) {
      double[] top = blocks.isEmpty() ? null : blocks.get(blocks.size() - 1);
      if (top != null && top[3] == p[0]) {
        top[0] += p[1];
        top[1] += 1;
      } else {
        blocks.add(new double[] {p[1], 1, p[0], p[0]});
      }
      while (blocks.size() > 1 && mean(blocks.get(blocks.size() - 2)) >= mean(blocks.get(blocks.size() - 1))) {
        double[] right = blocks.remove(blocks.size() - 1);
        double[] left = blocks.get(blocks.size() - 1);
        left[0] += right[0];
        left[1] += right[1];
        left[3] = right[3];
      }
    }
    List<double[]> curve = new ArrayList<>();
    for (double[] b : blocks) {
      curve.add(new double[] {b[2], mean(b)});
      if (b[3] != b[2]) {
        curve.add(new double[] {b[3], mean(b)});
      }
    }
    double[] xs = new double[curve.size()];
    double[] ys = new double[curve.size()];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = curve.get(i)[0];
      ys[i] = curve.get(i)[1];
    }
    return new double[][] {xs, ys};
  }

  private static double mean(double[] block) {
    return block[0] / block[1];
  }
}
