package io.sparkplane.listener.aggregate;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import com.datadoghq.sketch.ddsketch.store.Store;
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

  /** Bytes held: the dense bin array spans the index range in use, plus the object headers. */
  long estimatedBytes() {
    long bytes = RetainedSize.SKETCH_BASE;
    if (!sketch.isEmpty()) {
      Store store = sketch.getPositiveValueStore();
      if (!store.isEmpty()) {
        bytes += 8L * (store.getMaxIndex() - store.getMinIndex() + 1 + RetainedSize.DENSE_STORE_SLACK);
      }
    }
    return bytes;
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
    return significant(Math.min(max, sketch.getValueAtQuantile(q)));
  }

  /** Four significant digits: the sketch is 1% accurate, more digits only cost bytes. */
  static double significant(double value) {
    if (value == 0 || Double.isNaN(value) || Double.isInfinite(value)) {
      return value;
    }
    return new java.math.BigDecimal(value)
        .round(new java.math.MathContext(4))
        .doubleValue();
  }
}
