package io.sparkplane.bench;

import io.sparkplane.bench.overhead.InDriverDegradedBench;
import java.time.Duration;

/**
 * The listener's cost to Spark jobs under a degraded collector ({@code blackhole} or {@code
 * flapping}), as interleaved pairs of short jobs in one driver (see {@link InDriverDegradedBench}).
 * Target: median wall-time ratio at most 1.02 with its 95% interval (docs/reliability.md).
 *
 * <pre>
 * bench/run-listener-bench.sh degraded-driver [--mode blackhole|flapping --pairs 40 --tasks 400 --period-ms 700]
 * </pre>
 */
public final class DegradedCollectorInDriverBench {

  private DegradedCollectorInDriverBench() {}

  public static void main(String[] argv) throws Exception {
    Args args =
        new Args(
            argv,
            java.util.Map.of("mode", "blackhole", "pairs", "40", "tasks", "400", "period-ms", "700"));
    InDriverDegradedBench bench =
        new InDriverDegradedBench(
            args.integer("pairs"),
            args.integer("tasks"),
            args.string("mode"),
            Duration.ofMillis(args.longValue("period-ms")));
    System.exit(bench.run() ? 0 : 1);
  }
}
