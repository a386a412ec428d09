package io.sparkplane.bench.overhead;

import io.sparkplane.listener.SparkplaneListener;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.SparkSession;

/**
 * Whether a degraded collector slows Spark jobs, measured inside one driver: many short jobs in
 * interleaved pairs, the listener attached (shipping to a black-holed or flapping collector) for one
 * job of each pair and detached for the other, the order alternating. Adjacent jobs share the
 * machine's state, so the pairs' ratios vary far less than those of fresh JVMs minutes apart (the
 * machine's drift is what widened {@link DegradedOverheadBench}'s interval), and many pairs fit in a
 * few minutes. Target: the 95% interval of the median wall-time ratio at or below 1.02.
 */
public final class InDriverDegradedBench {

  private final int pairs;
  private final int tasks;
  private final String mode;
  private final Duration period;

  public InDriverDegradedBench(int pairs, int tasks, String mode, Duration period) {
    this.pairs = pairs;
    this.tasks = tasks;
    this.mode = mode;
    this.period = period;
  }

  /** Runs the pairs and prints the report; true when the 95% interval lies at or below the target. */
  public boolean run() throws IOException, TimeoutException {
    try (DegradedCollector collector = new DegradedCollector(mode, period)) {
      SparkSession spark =
          SparkSession.builder()
              .master("local[2]")
              .appName("sparkplane-in-driver-degraded")
              .config("spark.ui.enabled", "false")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.sql.shuffle.partitions", "4")
              .getOrCreate();
      try {
        SparkplaneListener listener = new SparkplaneListener(listenerConf(collector.url()), Clock.systemUTC());
        System.out.printf(
            "InDriverDegradedBench: %d pairs of jobs of %d tasks, local[2], collector %s (%s)%n",
            pairs, tasks, collector.url(), mode);
        for (int i = 0; i < 4; i++) {
          timedJob(spark, "warm-up-" + i); // JIT and Spark's first-use costs, both sides
        }
        double[] ratios = new double[pairs];
        for (int i = 0; i < pairs; i++) {
          boolean withFirst = i % 2 == 1;
          long first = withFirst ? withListener(spark, listener, i) : timedJob(spark, null);
          long second = withFirst ? timedJob(spark, null) : withListener(spark, listener, i);
          long with = withFirst ? first : second;
          long without = withFirst ? second : first;
          ratios[i] = (double) with / without;
          System.out.printf(
              "pair %3d (%s first): with %,6d ms, without %,6d ms, ratio %.4f%n",
              i + 1, withFirst ? "with" : "without", with, without, ratios[i]);
        }
        spark.sparkContext().addSparkListener(listener); // application end: the bounded final flush
        PairStats wall = PairStats.of(ratios);
        System.out.println(wall.describe("job wall time:"));
        System.out.println(collector.report());
        OverheadBench.Verdict verdict = OverheadBench.Verdict.of(wall, DegradedOverheadBench.TARGET_RATIO);
        System.out.printf(
            Locale.ROOT,
            "RESULT %s: median wall-time ratio %.4f (95%% CI %.4f .. %.4f) over %d in-driver pairs, target <= %.2f, collector %s%n",
            verdict, wall.median(), wall.low95(), wall.high95(), pairs, DegradedOverheadBench.TARGET_RATIO, mode);
        return verdict == OverheadBench.Verdict.MEETS_TARGET;
      } finally {
        spark.stop();
      }
    }
  }

  private long withListener(SparkSession spark, SparkplaneListener listener, int pair)
      throws TimeoutException {
    spark.sparkContext().addSparkListener(listener);
    try {
      return timedJob(spark, mode + "-pair-" + pair);
    } finally {
      // the listener sees its job end before it is detached (Spark's private[spark] API)
      spark.sparkContext().listenerBus().waitUntilEmpty();
      spark.sparkContext().removeSparkListener(listener);
    }
  }

  /** One job; its result is checked, so a job broken by the listener stops the benchmark. */
  private long timedJob(SparkSession spark, String runId) {
    spark.sparkContext().setLocalProperty("sparkplane.run.id", runId);
    try {
      long t0 = System.nanoTime();
      long groups =
          spark.range(0, tasks * 500L, 1, tasks).selectExpr("id % 97 AS k").groupBy("k").count().count();
      long millis = (System.nanoTime() - t0) / 1_000_000;
      if (groups != 97) {
        throw new IllegalStateException("job returned " + groups + " groups, expected 97");
      }
      return millis;
    } finally {
      spark.sparkContext().setLocalProperty("sparkplane.run.id", null);
    }
  }

  private static Map<String, String> listenerConf(String url) {
    Map<String, String> conf = new HashMap<>();
    conf.put("spark.app.name", "sparkplane-in-driver-degraded");
    conf.put("spark.sparkplane.collector.url", url);
    conf.put("spark.sparkplane.tenant", "bench");
    conf.put("spark.sparkplane.run.idleTimeout", "500ms");
    conf.put("spark.sparkplane.flush.timeout", "3s");
    return conf;
  }
}
