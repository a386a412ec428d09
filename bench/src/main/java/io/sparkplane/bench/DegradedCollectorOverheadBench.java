package io.sparkplane.bench;

import io.sparkplane.bench.overhead.DegradedOverheadBench;
import java.time.Duration;

/**
 * Overhead of the listener on a real local Spark job when its collector is degraded: {@code
 * blackhole} (accepts, never answers) or {@code flapping} (up and down by turns). Interleaved
 * pairs of fresh JVMs with and without the listener, as {@link ListenerOverheadBench}. Target:
 * median wall-time ratio at most 1.02 (docs/reliability.md).
 *
 * <pre>
 * bench/run-listener-bench.sh degraded [--mode blackhole|flapping --pairs 10 --tasks 20000
 *     --warmup-tasks 2000 --period-ms 700 --child-heap 2g]
 * </pre>
 */
public final class DegradedCollectorOverheadBench {

  private DegradedCollectorOverheadBench() {}

  public static void main(String[] argv) throws Exception {
    Args args =
        new Args(
            argv,
            java.util.Map.of(
                "mode", "blackhole",
                "pairs", "10",
                "tasks", "20000",
                "warmup-tasks", "2000",
                "period-ms", "700",
                "child-heap", "2g",
                "timeout-minutes", "30"));
    DegradedOverheadBench bench =
        new DegradedOverheadBench(
            args.integer("pairs"),
            args.integer("tasks"),
            args.integer("warmup-tasks"),
            args.string("mode"),
            Duration.ofMillis(args.longValue("period-ms")),
            args.string("child-heap"),
            args.longValue("timeout-minutes"));
    System.exit(bench.run() ? 0 : 1);
  }
}
