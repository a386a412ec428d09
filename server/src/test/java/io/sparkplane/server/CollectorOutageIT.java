package io.sparkplane.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.collector.CollectorConfig;
import io.sparkplane.collector.CollectorServer;
import io.sparkplane.collector.store.ForwardingRunStore;
import io.sparkplane.collector.store.RunStore;
import io.sparkplane.collector.store.StoreException;
import io.sparkplane.collector.store.StoreResult;
import io.sparkplane.collector.store.h2.H2RunStore;
import io.sparkplane.wire.TelemetryEvent;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One Spark application whose listener points at a collector port that is dead, failing or slow
 * while jobs run: every job finishes, and what was queued arrives once the collector is back.
 */
@DisplayName("A Spark job while the collector is down, failing or slow")
class CollectorOutageIT {

  private static final Duration DELIVERY = Duration.ofSeconds(90);

  private static int port;
  private static SparkSession spark;

  @TempDir static Path dataDir;

  @BeforeAll
  static void startSpark() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("collector-outage")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.extraListeners", "io.sparkplane.listener.SparkplaneListener")
            .config("spark.sparkplane.collector.url", "http://127.0.0.1:" + port)
            .config("spark.sparkplane.tenant", "acme")
            .config("spark.sparkplane.run.idleTimeout", "1s")
            .config("spark.sparkplane.heartbeat.interval", "500ms")
            .config("spark.sparkplane.http.timeout", "3s")
            .getOrCreate();
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  private static String runJob(String runId) {
    spark.sparkContext().setLocalProperty("sparkplane.run.id", runId);
    try {
      long groups =
          spark.range(0, 200_000, 1, 4).selectExpr("id % 13 AS k").groupBy("k").count().count();
      assertThat(groups).isEqualTo(13);
    } finally {
      spark.sparkContext().setLocalProperty("sparkplane.run.id", null);
    }
    return runId;
  }

  private static CollectorServer collector(RunStore store) {
    CollectorServer server =
        CollectorServer.builder(CollectorConfig.defaults().withPort(port).withDataDir(dataDir))
            .store(store)
            .build();
    server.start();
    return server;
  }

  @Test
  @DisplayName("delivers runs queued while the collector was down, once it is back")
  void downThenBack() throws Exception {
    String runId = runJob("while-down");
    Thread.sleep(3_000); // the run ends (idle 1 s) and its delivery fails against the dead port

    try (H2RunStore store = H2RunStore.open(dataDir.resolve("down"), Clock.systemUTC());
        CollectorServer server = collector(store)) {
      JsonNode run = new CollectorClient(port).awaitRun(runId, "SUCCEEDED", DELIVERY);
      assertThat(run.path("summary").path("totals").path("tasks").asLong()).isPositive();
    }
  }

  @Test
  @DisplayName("retries through 503s from a failing store until the run is stored, exactly once")
  void failingStore() throws Exception {
    try (H2RunStore h2 = H2RunStore.open(dataDir.resolve("failing"), Clock.systemUTC());
        CollectorServer server = collector(new FailingFirst(h2, 5, Duration.ZERO))) {
      String runId = runJob("while-failing");
      JsonNode run = new CollectorClient(port).awaitRun(runId, "SUCCEEDED", DELIVERY);
      assertThat(run.path("eventCount").asLong()).isGreaterThanOrEqualTo(2);
      assertThat(new CollectorClient(port).json("/api/v1/runs?tenant=acme").path("runs").toString())
          .contains("while-failing");
    }
  }

  @Test
  @DisplayName("finishes the job while the collector takes 10 s to answer, and the run still arrives")
  void slowCollector() throws Exception {
    try (H2RunStore h2 = H2RunStore.open(dataDir.resolve("slow"), Clock.systemUTC());
        CollectorServer server = collector(new FailingFirst(h2, 2, Duration.ofSeconds(10)))) {
      long t0 = System.nanoTime();
      String runId = runJob("while-slow");
      Duration job = Duration.ofNanos(System.nanoTime() - t0);
      assertThat(job).as("job time with a 10 s collector").isLessThan(Duration.ofSeconds(10));
      new CollectorClient(port).awaitRun(runId, "SUCCEEDED", DELIVERY);
    }
  }

  /** Delays and then fails its first appends, like a store that is slow or down for a while. */
  private static final class FailingFirst extends ForwardingRunStore {
    private final AtomicInteger failuresLeft;
    private final Duration delay;

    FailingFirst(RunStore delegate, int failures, Duration delay) {
      super(delegate);
      this.failuresLeft = new AtomicInteger(failures);
      this.delay = delay;
    }

    @Override
    public StoreResult append(List<TelemetryEvent> events) {
      if (failuresLeft.getAndDecrement() > 0) {
        try {
          Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw new StoreException("store unavailable (test)");
      }
      return super.append(events);
    }

    @Override
    public void close() {
      // the test closes the real store itself
    }
  }
}
