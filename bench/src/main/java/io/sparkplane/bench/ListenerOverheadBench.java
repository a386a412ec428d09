package io.sparkplane.bench;

import io.sparkplane.bench.overhead.OverheadBench;

/**
 * Overhead of the listener on a real local Spark job. Runs {@code pairs} pairs of fresh JVMs, with
 * and without the listener, in alternating order, and reports the median ratio of the timed action's
 * wall time (and process CPU time) with a 95% bootstrap confidence interval, plus the listener's own
 * callback time per task. Target: median wall-time ratio at most 1.01; the verdict is MEETS_TARGET
 * only when the whole confidence interval is at or below it (exit code 0), else OVER_TARGET or
 * INCONCLUSIVE (exit code 1).
 *
 * <pre>
 * bench/run-listener-bench.sh overhead [--pairs 10 --tasks 20000 --warmup-tasks 2000
 *     --sink dead|http --attach api|conf --child-heap 2g]
 * </pre>
 */
public final class ListenerOverheadBench {

  private ListenerOverheadBench() {}

  public static void main(String[] argv) throws Exception {
    Args args =
        new Args(
            argv,
            java.util.Map.of(
                "pairs", "10",
                "tasks", "20000",
                "warmup-tasks", "2000",
                "sink", "dead",
                "attach", "api",
                "child-heap", "2g",
                "timeout-minutes", "30"));
    OverheadBench.Config config =
        new OverheadBench.Config(
            args.integer("pairs"),
            args.integer("tasks"),
            args.integer("warmup-tasks"),
            args.string("sink"),
            args.string("attach"),
            args.string("child-heap"),
            args.longValue("timeout-minutes"));
    System.exit(new OverheadBench(config).run() ? 0 : 1);
  }
}
