package io.sparkplane.bench.overhead;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The overhead benchmark's interleaved pairs (fresh driver JVMs with and without the listener,
 * alternating order) against a collector that is black-holed or flapping instead of healthy:
 * whether a degraded collector slows the Spark job. Target: median wall-time ratio at most 1.02.
 */
public final class DegradedOverheadBench {

  static final double TARGET_RATIO = 1.02;

  private final int pairs;
  private final int tasks;
  private final int warmupTasks;
  private final String mode;
  private final Duration period;
  private final String childHeap;
  private final long timeoutMinutes;

  public DegradedOverheadBench(
      int pairs, int tasks, int warmupTasks, String mode, Duration period, String childHeap,
      long timeoutMinutes) {
    this.pairs = pairs;
    this.tasks = tasks;
    this.warmupTasks = warmupTasks;
    this.mode = mode;
    this.period = period;
    this.childHeap = childHeap;
    this.timeoutMinutes = timeoutMinutes;
  }

  /** Runs the pairs and prints the report; true when the 95% interval lies at or below the target. */
  public boolean run() throws IOException, InterruptedException {
    try (DegradedCollector collector = new DegradedCollector(mode, period)) {
      Path logs = ChildJvm.logDir();
      ChildJvm jvm = new ChildJvm(childHeap, logs, timeoutMinutes);
      System.out.printf(
          "DegradedOverheadBench: %d pairs, %d tasks (+%d warm-up), local[2], collector %s (%s), child -Xmx%s; logs in %s%n",
          pairs, tasks, warmupTasks, collector.url(), mode, childHeap, logs);
      List<double[]> ratios = new ArrayList<>();
      for (int i = 0; i < pairs; i++) {
        Variant first = i % 2 == 0 ? Variant.WITHOUT : Variant.WITH;
        Variant second = first == Variant.WITH ? Variant.WITHOUT : Variant.WITH;
        RunSample a = runOne(jvm, i, first, collector.url());
        RunSample b = runOne(jvm, i, second, collector.url());
        RunSample with = a.variant() == Variant.WITH ? a : b;
        RunSample without = a.variant() == Variant.WITH ? b : a;
        double wall = (double) with.actionMillis() / without.actionMillis();
        double cpu = (double) with.cpuMillis() / without.cpuMillis();
        ratios.add(new double[] {wall, cpu});
        System.out.printf(
            "pair %2d (%s first): wall %,6d / %,6d ms (ratio %.4f)  cpu %,6d / %,6d ms%n",
            i + 1, first, with.actionMillis(), without.actionMillis(), wall, with.cpuMillis(),
            without.cpuMillis());
      }
      PairStats wall = PairStats.of(ratios.stream().mapToDouble(r -> r[0]).toArray());
      PairStats cpu = PairStats.of(ratios.stream().mapToDouble(r -> r[1]).toArray());
      System.out.println(wall.describe("action wall time:"));
      System.out.println(cpu.describe("process CPU over action:"));
      System.out.println(collector.report());
      OverheadBench.Verdict verdict = OverheadBench.Verdict.of(wall, TARGET_RATIO);
      System.out.printf(
          Locale.ROOT,
          "RESULT %s: median wall-time ratio %.4f (95%% CI %.4f .. %.4f), target <= %.2f, collector %s%n",
          verdict, wall.median(), wall.low95(), wall.high95(), TARGET_RATIO, mode);
      return verdict == OverheadBench.Verdict.MEETS_TARGET;
    }
  }

  private RunSample runOne(ChildJvm jvm, int pair, Variant variant, String url)
      throws IOException, InterruptedException {
    return jvm.run(
        String.format("%s-pair-%02d-%s", mode, pair + 1, variant.name().toLowerCase(Locale.ROOT)),
        List.of(variant.name(), Integer.toString(tasks), Integer.toString(warmupTasks), url, "conf"));
  }
}
