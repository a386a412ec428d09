package io.sparkplane.listener.aggregate;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import io.sparkplane.wire.Quantiles;

/**
 * Quantiles of one per-task metric in fixed memory: a DDSketch (1% relative error, at most
 * {@link #MAX_BINS} bins) plus the exact maximum.
 */
final class TaskSketch {

  static final double RELATIVE_ACCURACY = 0.01;
  static final int MAX_BINS = 1024;

  private final DDSketch sketch =
      DDSketches.logarithmicCollapsingLowestDense(RELATIVE_ACCURACY, MAX_BINS);
  private double max;

  void add(double value) {
    if (value < 0) {
      return;
    }
    sketch.accept(value);
    if (value > max) {
      max = value;
    }
  }

  Quantiles quantiles() {
    if (sketch.isEmpty()) {
      return Quantiles.EMPTY;
    }
    return new Quantiles(
        (long) sketch.getCount(), at(0.5), at(0.9), at(0.99), max);
  }

  private double at(double q) {
    // A sketch quantile may overshoot the exact max by its relative error.
    return Math.min(max, sketch.getValueAtQuantile(q));
  }
}
