package io.sparkplane.bench.estimator;

import java.util.Arrays;
import java.util.Locale;

/** Percentiles of recorded latencies in nanoseconds. */
final class Percentiles {

  private final long[] sorted;

  Percentiles(long[] nanos, int count) {
    this.sorted = Arrays.copyOf(nanos, count);
    Arrays.sort(sorted);
  }

  double micros(double q) {
    int index = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
    return sorted[Math.max(0, index)] / 1000.0;
  }

  String summary() {
    return String.format(
        Locale.ROOT,
        "n=%d p50=%.1f µs p90=%.1f µs p99=%.1f µs p99.9=%.1f µs max=%.1f µs",
        sorted.length, micros(0.5), micros(0.9), micros(0.99), micros(0.999), micros(1.0));
  }
}
