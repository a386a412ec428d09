package io.sparkplane.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.collector.CollectorConfig;
import io.sparkplane.collector.CollectorServer;
import io.sparkplane.listener.ListenerProbe;
import io.sparkplane.listener.SparkplaneListener;
import io.sparkplane.listener.ship.TelemetryShipper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real local Spark application whose listener ships to a collector that accepts connections and
 * never answers, or that is up and down by turns. The jobs finish, with no exception and about as
 * fast as without the listener (a generous bound here; the 2% figure is measured by {@code
 * bench/run-listener-bench.sh degraded}), and the listener's delivery queue never holds more than
 * {@code spark.sparkplane.queue.capacity}. The dead, failing and 10 s slow collector are in the
 * server module's {@code CollectorOutageIT}.
 */
@DisplayName("Listener under a black-holed or flapping collector")
class ListenerDegradedCollectorIT {

  private static final int QUEUE_CAPACITY = 50;
  private static final int JOBS = 3;
  /** At most this many extra jobs to fill the black-holed listener's queue. */
  private static final int FILL_JOBS = 20;

  @TempDir Path dataDir;

  private SparkSession spark;

  @AfterEach
  void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
  }

  private static SparkSession newSpark(String app) {
    return SparkSession.builder()
        .master("local[2]")
        .appName(app)
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "8")
        .getOrCreate();
  }

  private static Map<String, String> listenerConf(String url) {
    Map<String, String> conf = new HashMap<>();
    conf.put("spark.app.name", "degraded-collector");
    conf.put("spark.sparkplane.collector.url", url);
    conf.put("spark.sparkplane.tenant", "acme");
    conf.put("spark.sparkplane.heartbeat.interval", "100ms");
    conf.put("spark.sparkplane.run.idleTimeout", "500ms");
    conf.put("spark.sparkplane.http.timeout", "2s");
    conf.put("spark.sparkplane.flush.timeout", "3s");
    conf.put("spark.sparkplane.queue.capacity", Integer.toString(QUEUE_CAPACITY));
    return conf;
  }

  /** One timed job; its result is checked, so a job broken by the listener fails the test. */
  private long job(String runId) {
    spark.sparkContext().setLocalProperty("sparkplane.run.id", runId);
    try {
      long t0 = System.nanoTime();
      long groups =
          spark.range(0, 3_000_000, 1, 8).selectExpr("id % 101 AS k").groupBy("k").count().count();
      assertThat(groups).isEqualTo(101);
      return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    } finally {
      spark.sparkContext().setLocalProperty("sparkplane.run.id", null);
    }
  }

  /** Median job times {without, with} the listener: interleaved pairs, the order alternating. */
  private long[] pairs(SparkplaneListener listener, String prefix, List<String> runIds)
      throws java.util.concurrent.TimeoutException {
    job("warm-up-1");
    job("warm-up-2");
    long[] without = new long[JOBS];
    long[] with = new long[JOBS];
    for (int i = 0; i < JOBS; i++) {
      for (int side = 0; side < 2; side++) {
        boolean listening = (i + side) % 2 == 1;
        if (listening) {
          String runId = prefix + "-" + i;
          runIds.add(runId);
          spark.sparkContext().addSparkListener(listener);
          with[i] = job(runId);
          // the listener must see the job end before it is detached (Spark's private[spark] API)
          spark.sparkContext().listenerBus().waitUntilEmpty();
          spark.sparkContext().removeSparkListener(listener);
        } else {
          without[i] = job("without-" + i);
        }
      }
    }
    spark.sparkContext().addSparkListener(listener); // for application end: the final flush
    return new long[] {median(without), median(with)};
  }

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  @DisplayName("jobs finish at about their normal speed when the collector accepts and never answers, and the queue stays bounded")
  void blackHole() throws Exception {
    try (BlackHoleCollector hole = new BlackHoleCollector()) {
      spark = newSpark("black-hole");
      SparkplaneListener listener =
          new SparkplaneListener(listenerConf(hole.url()), Clock.systemUTC());
      long[] medians = pairs(listener, "black-hole", new ArrayList<>());
      long without = medians[0];
      long with = medians[1];
      TelemetryShipper shipper = ListenerProbe.shipper(listener);
      // Fast jobs make few heartbeats: run more until the queue has hit its bound, so the bound is tested.
      for (int i = 0; shipper.droppedEvents() == 0 && i < FILL_JOBS; i++) {
        job("black-hole-fill-" + i);
      }
      Thread.sleep(3_000); // heartbeats pile up behind the unanswered requests
      long droppedAtBound = shipper.droppedEvents(); // before spark.stop(), whose flush drops the rest
      long stopStart = System.nanoTime();
      spark.stop();
      spark = null;
      long stopMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopStart);

      assertThat(hole.connectionsAccepted()).as("the listener did try to deliver").isPositive();
      assertThat(shipper.deliveredEvents()).isZero();
      assertThat(shipper.queueHighWaterMark()).as("queue high-water mark").isLessThanOrEqualTo(QUEUE_CAPACITY);
      assertThat(droppedAtBound).as("events dropped at the bound while the jobs ran, not kept").isPositive();
      assertThat(shipper.droppedEvents()).as("events dropped, at the bound or by the final flush").isPositive();
      assertThat(with).as("median job ms with the listener, against %d ms without", without)
          .isLessThanOrEqualTo(without * 3 / 2 + 1_000);
      assertThat(stopMs).as("spark.stop() with undelivered telemetry (flush.timeout 3s)").isLessThan(15_000);
      Reports.write(
          "listener-black-hole.txt",
          String.format(
              "median job %d ms with the listener vs %d ms without (ratio %.3f, %d interleaved pairs, one driver);"
                  + " spark.stop() %d ms; connections accepted and never answered %d; queue high-water %d of"
                  + " capacity %d; dropped %d at the bound, %d in all; delivered %d%n",
              with, without, (double) with / without, JOBS, stopMs, hole.connectionsAccepted(),
              shipper.queueHighWaterMark(), QUEUE_CAPACITY, droppedAtBound, shipper.droppedEvents(),
              shipper.deliveredEvents()));
    }
  }

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  @DisplayName("jobs finish at about their normal speed when the collector flaps, and every run arrives once it is steady")
  void flapping() throws Exception {
    try (CollectorServer collector =
            CollectorServer.builder(CollectorConfig.defaults().withPort(0).withDataDir(dataDir)).build();
        FlappingProxy proxy = new FlappingProxy(collector.start(), Duration.ofMillis(700))) {
      spark = newSpark("flapping");
      SparkplaneListener listener =
          new SparkplaneListener(listenerConf(proxy.url()), Clock.systemUTC());
      List<String> runIds = new ArrayList<>();
      long[] medians = pairs(listener, "flapping", runIds);
      long without = medians[0];
      long with = medians[1];
      Thread.sleep(2_000);
      TelemetryShipper shipper = ListenerProbe.shipper(listener);
      assertThat(shipper.queueHighWaterMark()).as("queue high-water mark").isLessThanOrEqualTo(QUEUE_CAPACITY);
      assertThat(proxy.connectionsReset()).as("the collector was down at times").isPositive();
      assertThat(proxy.connectionsForwarded()).as("and up at times").isPositive();
      proxy.steady();
      IngestClient client = new IngestClient(collector.port(), Duration.ofSeconds(10));
      for (String runId : runIds) {
        JsonNode run = awaitFinished(client, runId, Duration.ofSeconds(60));
        assertThat(run.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(run.path("summary").path("totals").path("tasks").asLong()).isPositive();
      }
      assertThat(with).as("median job ms with the listener, against %d ms without", without)
          .isLessThanOrEqualTo(without * 3 / 2 + 1_000);
      Reports.write(
          "listener-flapping.txt",
          String.format(
              "median job %d ms with the listener vs %d ms without (ratio %.3f, %d interleaved pairs, one driver);"
                  + " collector up/down every 700 ms: %d connections forwarded, %d reset; failed delivery"
                  + " attempts %d; queue high-water %d of capacity %d; dropped %d; all %d runs SUCCEEDED in"
                  + " the store once steady%n",
              with, without, (double) with / without, JOBS, proxy.connectionsForwarded(),
              proxy.connectionsReset(), shipper.failedAttempts(), shipper.queueHighWaterMark(),
              QUEUE_CAPACITY, shipper.droppedEvents(), runIds.size()));
    }
  }

  private static JsonNode awaitFinished(IngestClient client, String runId, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "never stored";
    while (System.nanoTime() < deadline) {
      var r = client.get("/api/v1/runs/" + runId + "?tenant=acme");
      if (r.statusCode() == 200) {
        JsonNode run = io.sparkplane.wire.TelemetryJson.mapper().readTree(r.body());
        last = run.path("status").asText();
        if (!last.equals("RUNNING")) {
          return run;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("run " + runId + " not finished within " + timeout + " (last: " + last + ")");
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
