package io.sparkplane.bench.overhead;

import java.util.HashMap;
import java.util.Map;

/**
 * What one subprocess measured around its timed action.
 *
 * @param actionMillis wall time of the action (the job), after a warm-up action in the same JVM
 * @param drainedMillis action plus the wait until Spark's listener bus is empty
 * @param cpuMillis process CPU time (all threads) over the action
 * @param tasks task-end events of the action
 * @param callbackNanos the Sparkplane listener's own callback time over the action, 0 without it
 */
record RunSample(
    Variant variant,
    long actionMillis,
    long drainedMillis,
    long cpuMillis,
    long tasks,
    long callbackNanos) {

  static final String PREFIX = "SPARKPLANE_BENCH_RESULT ";

  /** The line a subprocess prints for its parent. */
  String toLine() {
    return PREFIX
        + "variant="
        + variant
        + " actionMillis="
        + actionMillis
        + " drainedMillis="
        + drainedMillis
        + " cpuMillis="
        + cpuMillis
        + " tasks="
        + tasks
        + " callbackNanos="
        + callbackNanos;
  }

  static RunSample parse(String line) {
    Map<String, String> kv = new HashMap<>();
    for (String part : line.substring(PREFIX.length()).trim().split(" ")) {
      int eq = part.indexOf('=');
      kv.put(part.substring(0, eq), part.substring(eq + 1));
    }
    return new RunSample(
        Variant.valueOf(kv.get("variant")),
        Long.parseLong(kv.get("actionMillis")),
        Long.parseLong(kv.get("drainedMillis")),
        Long.parseLong(kv.get("cpuMillis")),
        Long.parseLong(kv.get("tasks")),
        Long.parseLong(kv.get("callbackNanos")));
  }

  double callbackMicrosPerTask() {
    return tasks == 0 ? 0 : callbackNanos / 1000.0 / tasks;
  }
}
