package io.sparkplane.bench.overhead;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/** The parent side of the overhead benchmark: runs the pairs and reports. */
public final class OverheadBench {

  static final double TARGET_RATIO = 1.01;

  /**
   * @param sink {@code dead}: the collector URL is a closed local port (shipping is attempted and
   *     fails, with retries); {@code http}: a stub collector in this JVM accepts the telemetry
   * @param attach {@code api} or {@code conf}, see {@link OverheadRun}
   */
  public record Config(
      int pairs,
      int tasks,
      int warmupTasks,
      String sink,
      String attach,
      String childHeap,
      long timeoutMinutes) {

    public Config {
      if (pairs < 1) {
        throw new IllegalArgumentException("pairs must be at least 1: " + pairs);
      }
      if (!sink.equals("dead") && !sink.equals("http")) {
        throw new IllegalArgumentException("sink must be dead or http: " + sink);
      }
      if (!attach.equals("api") && !attach.equals("conf")) {
        throw new IllegalArgumentException("attach must be api or conf: " + attach);
      }
    }
  }

  private final Config config;

  public OverheadBench(Config config) {
    this.config = config;
  }

  /** Runs every pair and prints the report; true when the median wall-time ratio meets the target. */
  public boolean run() throws IOException, InterruptedException {
    // The stub's HTTP dispatcher thread is not a daemon: close it on every path.
    try (CollectorStub stub = config.sink().equals("http") ? new CollectorStub() : null) {
      return run(stub);
    }
  }

  private boolean run(CollectorStub stub) throws IOException, InterruptedException {
    Path logs = ChildJvm.logDir();
    ChildJvm jvm = new ChildJvm(config.childHeap(), logs, config.timeoutMinutes());
    String url = stub != null ? stub.url() : "http://127.0.0.1:" + closedPort();
    System.out.printf(
        "ListenerOverheadBench: %d pairs, %d tasks (+%d warm-up), local[2], collector %s (%s), attach=%s, child -Xmx%s; logs in %s%n",
        config.pairs(), config.tasks(), config.warmupTasks(), url, config.sink(), config.attach(),
        config.childHeap(), logs);
    List<RunSample[]> pairs = new ArrayList<>();
    for (int i = 0; i < config.pairs(); i++) {
      // Alternate which side goes first, so drift in machine load does not favour one side.
      Variant first = i % 2 == 0 ? Variant.WITHOUT : Variant.WITH;
      Variant second = first == Variant.WITH ? Variant.WITHOUT : Variant.WITH;
      RunSample a = runOne(jvm, i, first, url);
      RunSample b = runOne(jvm, i, second, url);
      RunSample with = a.variant() == Variant.WITH ? a : b;
      RunSample without = a.variant() == Variant.WITH ? b : a;
      pairs.add(new RunSample[] {without, with});
      System.out.printf(
          "pair %2d (%s first): wall %,6d / %,6d ms (ratio %.4f)  cpu %,6d / %,6d ms  tasks %d / %d  listener %.2f us/task%n",
          i + 1, first, with.actionMillis(), without.actionMillis(),
          (double) with.actionMillis() / without.actionMillis(),
          with.cpuMillis(), without.cpuMillis(), with.tasks(), without.tasks(),
          with.callbackMicrosPerTask());
    }
    PairStats wall = stats(pairs, RunSample::actionMillis);
    System.out.println(wall.describe("action wall time:"));
    System.out.println(stats(pairs, RunSample::drainedMillis).describe("action + listener-bus drain:"));
    System.out.println(stats(pairs, RunSample::cpuMillis).describe("process CPU over action:"));
    if (config.attach().equals("api")) {
      double[] perTask = pairs.stream().mapToDouble(p -> p[1].callbackMicrosPerTask()).toArray();
      double[] share =
          pairs.stream()
              .mapToDouble(p -> p[1].callbackNanos() / (p[1].actionMillis() * 1e6))
              .toArray();
      System.out.printf(
          "listener callback time: median %.2f us/task (min %.2f, max %.2f) over %d runs;"
              + " median %.4f%% of the action's wall time%n",
          PairStats.median(perTask),
          java.util.Arrays.stream(perTask).min().orElse(0),
          java.util.Arrays.stream(perTask).max().orElse(0),
          perTask.length,
          100 * PairStats.median(share));
    }
    if (stub != null) {
      System.out.println(stub.report());
    }
    Verdict verdict = Verdict.of(wall, TARGET_RATIO);
    System.out.printf(
        "RESULT %s: median wall-time ratio %.4f (95%% CI %.4f .. %.4f), target <= %.2f%n",
        verdict, wall.median(), wall.low95(), wall.high95(), TARGET_RATIO);
    return verdict == Verdict.MEETS_TARGET;
  }

  /**
   * Whether the pairs show the target met: the whole confidence interval must lie below it. Below
   * {@link #MIN_PAIRS} the bootstrap interval is little more than the range of the ratios, so no
   * verdict is given.
   */
  enum Verdict {
    MEETS_TARGET,
    OVER_TARGET,
    /** Too few pairs, or the interval spans the target: more pairs or a quieter machine needed. */
    INCONCLUSIVE;

    static final int MIN_PAIRS = 5;

    static Verdict of(PairStats wall, double target) {
      if (wall.pairs() < MIN_PAIRS) {
        return INCONCLUSIVE;
      }
      if (wall.high95() <= target) {
        return MEETS_TARGET;
      }
      return wall.low95() > target ? OVER_TARGET : INCONCLUSIVE;
    }
  }

  private RunSample runOne(ChildJvm jvm, int pair, Variant variant, String url)
      throws IOException, InterruptedException {
    return jvm.run(
        String.format("pair-%02d-%s", pair + 1, variant.name().toLowerCase(java.util.Locale.ROOT)),
        List.of(
            variant.name(),
            Integer.toString(config.tasks()),
            Integer.toString(config.warmupTasks()),
            url,
            config.attach()));
  }

  private static PairStats stats(List<RunSample[]> pairs, ToLongFunction<RunSample> f) {
    return PairStats.of(
        pairs.stream()
            .mapToDouble(p -> (double) f.applyAsLong(p[1]) / f.applyAsLong(p[0]))
            .toArray());
  }

  /** A local port nothing listens on: bound and released, so connections are refused at once. */
  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
