package io.sparkplane.triage.corpus;

import io.sparkplane.collector.store.RunStore;
import io.sparkplane.collector.store.StoredRun;
import io.sparkplane.listener.SparkplaneListener;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * Runs {@link SparkCase}s on one local SparkSession whose listener writes straight into a real run
 * store, and returns each run as the store holds it.
 */
public final class CorpusRecorder implements AutoCloseable {

  /** How long after its last job a run's summary is emitted. */
  static final String IDLE_TIMEOUT = "1s";

  private final RunStore store;
  private final SparkSession spark;

  public CorpusRecorder(RunStore store) {
    this.store = store;
    this.spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("sparkplane-triage-corpus")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "8")
            .config("spark.sql.autoBroadcastJoinThreshold", "-1")
            .config("spark.sql.adaptive.coalescePartitions.enabled", "false")
            .config("spark.driver.maxResultSize", "1m")
            .config("spark.task.maxFailures", "1")
            .getOrCreate();
    SparkplaneListener listener =
        new SparkplaneListener(
            Map.of(
                "spark.master", "local[2]",
                "spark.sparkplane.tenant", "acme",
                "spark.sparkplane.heartbeat.interval", "500ms",
                "spark.sparkplane.run.idleTimeout", IDLE_TIMEOUT),
            Clock.systemUTC(),
            event -> store.append(List.of(event)));
    spark.sparkContext().addSparkListener(listener);
    LocalCases.registerUdfs(spark);
  }

  public CorpusCase record(SparkCase c) throws InterruptedException {
    String runId = "corpus-" + c.name();
    var sc = spark.sparkContext();
    sc.setLocalProperty("sparkplane.run.id", runId);
    sc.setLocalProperty("sparkplane.workload", c.name());
    if (c.slaBreach()) {
      sc.setLocalProperty("sparkplane.sla.deadline", Long.toString(System.currentTimeMillis()));
    }
    try {
      c.workload().run(spark);
    } catch (Exception e) {
      System.out.println("[corpus] " + c.name() + " failed: " + firstLine(e.getMessage()));
    } finally {
      sc.setLocalProperty("sparkplane.run.id", null);
      sc.setLocalProperty("sparkplane.workload", null);
      sc.setLocalProperty("sparkplane.sla.deadline", null);
    }
    StoredRun run = awaitFinished(store, "acme", runId, Duration.ofSeconds(60));
    return new CorpusCase(c.name(), c.label(), "spark-local", c.description(), run);
  }

  static StoredRun awaitFinished(RunStore store, String tenant, String runId, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<StoredRun> run = store.findRun(tenant, runId);
      if (run.isPresent() && run.get().isFinished()) {
        return run.get();
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("run " + runId + " did not finish within " + timeout);
  }

  static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    String line = s.lines().findFirst().orElse("");
    return line.length() > 200 ? line.substring(0, 200) : line;
  }

  @Override
  public void close() {
    spark.stop();
  }
}
