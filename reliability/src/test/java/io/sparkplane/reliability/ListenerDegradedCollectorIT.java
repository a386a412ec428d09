package io.sparkplane.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.collector.CollectorConfig;
import io.sparkplane.collector.CollectorServer;
import io.sparkplane.listener.ListenerProbe;
import io.sparkplane.listener.SparkplaneListener;
import io.sparkplane.listener.TelemetrySink;
import io.sparkplane.listener.ship.TelemetryShipper;
import io.sparkplane.wire.EventType;
import io.sparkplane.wire.TelemetryEvent;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;

/**
 * A real local Spark application whose listener ships to a collector that accepts connections and
 * never answers, or that is up and down by turns. The jobs finish, with no exception and about as
 * fast as without the listener (a generous bound here; the 2% figure is measured by {@code
 * bench/run-listener-bench.sh degraded}), and the listener's delivery queue never holds more than
 * {@code spark.sparkplane.queue.capacity}. Under the black hole the listener's retained heap is
 * measured round by round from class histograms: it stops growing once the queue is full and stays
 * under a bound derived from the queue's settings. The dead, failing and 10 s slow collector are in
 * the server module's {@code CollectorOutageIT}.
 */
@DisplayName("Listener under a black-holed or flapping collector")
class ListenerDegradedCollectorIT {

  private static final int QUEUE_CAPACITY = 50;
  private static final int JOBS = 3;
  /** At most this many extra jobs to fill the black-holed listener's queue. */
  private static final int FILL_JOBS = 20;

  /**
   * What the listener allocates and keeps, by class name: its own classes, the wire records it
   * queues, its DDSketches and its retry state (the test JVM loads the unshaded listener).
   */
  private static final List<String> LISTENER_CLASSES =
      List.of("io.sparkplane.listener.", "io.sparkplane.wire.", "com.datadoghq.sketch.", "dev.failsafe.");
  /** The JDK HTTP client the listener ships with: its connections, exchanges and buffers. */
  private static final List<String> HTTP_CLIENT_CLASSES = List.of("jdk.internal.net.http.");
  private static final String EVENT_CLASS = TelemetryEvent.class.getName();
  private static final int HEAP_ROUNDS = 6;
  private static final int JOBS_PER_ROUND = 10;
  /** {@code spark.sparkplane.batch.maxEvents} of the heap test: the batch out for delivery. */
  private static final int HEAP_BATCH = 10;
  /** RUN_FINISHED events held to measure the largest event's size. */
  private static final int SAMPLE_RUNS = 4;
  /**
   * From this round on the queue must be full and the heap flat: by then the jobs have offered 60
   * run events (a RUN_STARTED and a RUN_FINISHED per job), more than the capacity, so every heartbeat
   * has been evicted by a run event and the queue's content no longer changes.
   */
  private static final int STEADY_FROM = 3;
  /**
   * Tolerated growth of the whole heap after GC per steady round. Spark itself grows by 0.7-0.9 MiB
   * per round of these jobs (char[] mostly), the same with the listener detached (measured
   * 2026-11-26), so this catches only leaks of more than about 1 MiB a round; the listener's own
   * objects are checked exactly, by class.
   */
  private static final long HEAP_SLOPE_TOLERANCE = 2L << 20;

  @TempDir Path dataDir;

  private SparkSession spark;

  @AfterEach
  void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
  }

  private static SparkSession newSpark(String app) {
    return newSpark(app, Map.of());
  }

  private static SparkSession newSpark(String app, Map<String, String> extra) {
    SparkSession.Builder builder =
        SparkSession.builder()
            .master("local[2]")
            .appName(app)
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "8");
    extra.forEach(builder::config);
    return builder.getOrCreate();
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

  /** One sample of the heap test, as deltas from the histogram taken before the listener existed. */
  private record HeapRound(
      int round,
      long eventsRetained,
      long listenerBytes,
      long httpClientObjects,
      long heapUsedBytes,
      int queued,
      long dropped) {

    String line() {
      return String.format(
          "round %d: events retained %d, listener classes %,d B, JDK HTTP client objects %d, heap used after GC"
              + " %.1f MiB, queued %d, dropped %d",
          round, eventsRetained, listenerBytes, httpClientObjects, heapUsedBytes / 1048576.0, queued, dropped);
    }
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  @DisplayName("with the collector black-holed, the listener's retained heap stops growing once its queue is full and stays under its fixed state plus (capacity + one batch) × the largest event")
  void heapUnderBlackHole() throws Exception {
    try (BlackHoleCollector hole = new BlackHoleCollector()) {
      // Spark's own job, stage and SQL history is capped low, so that the whole heap can level off too
      spark =
          newSpark(
              "heap-black-hole",
              Map.of(
                  "spark.ui.retainedJobs", "10",
                  "spark.ui.retainedStages", "20",
                  "spark.ui.retainedTasks", "100",
                  "spark.sql.ui.retainedExecutions", "10"));
      job("warm-up-1");
      job("warm-up-2");
      long finishedBytes = finishedEventBytes();
      HeapHistogram before = HeapHistogram.take();

      Map<String, String> conf = listenerConf(hole.url());
      conf.put("spark.sparkplane.batch.maxEvents", Integer.toString(HEAP_BATCH));
      SparkplaneListener listener = new SparkplaneListener(conf, Clock.systemUTC());
      spark.sparkContext().addSparkListener(listener);
      TelemetryShipper shipper = ListenerProbe.shipper(listener);
      long fixedBytes = HeapHistogram.take().bytes(LISTENER_CLASSES) - before.bytes(LISTENER_CLASSES);
      // the queue holds at most its capacity, plus the one batch out for delivery (put back at its head)
      long maxEvents = QUEUE_CAPACITY + HEAP_BATCH;
      long bound = fixedBytes + maxEvents * finishedBytes;

      List<HeapRound> rounds = new ArrayList<>();
      HeapHistogram steadyStart = null;
      HeapHistogram last = null;
      for (int r = 1; r <= HEAP_ROUNDS; r++) {
        for (int j = 0; j < JOBS_PER_ROUND; j++) {
          job("heap-" + r + "-" + j);
        }
        Thread.sleep(1_500); // the round's runs end after run.idleTimeout (500 ms): their RUN_FINISHED is offered
        HeapHistogram h = HeapHistogram.take();
        HeapRound round =
            new HeapRound(
                r,
                h.instances(EVENT_CLASS) - before.instances(EVENT_CLASS),
                h.bytes(LISTENER_CLASSES) - before.bytes(LISTENER_CLASSES),
                h.instances(HTTP_CLIENT_CLASSES) - before.instances(HTTP_CLIENT_CLASSES),
                h.heapUsedBytes(),
                shipper.queued(),
                shipper.droppedEvents());
        rounds.add(round);
        System.out.println("listener heap, " + round.line());
        if (r == STEADY_FROM) {
          steadyStart = h.largeClasses(64 * 1024);
        }
        last = h;
      }
      // what grew in the whole heap over the steady rounds, for the record: whose growth it is
      List<String> grew = last.topGrowth(steadyStart, 6);
      spark.stop();
      spark = null;

      assertThat(hole.connectionsAccepted()).as("the listener did try to deliver").isPositive();
      assertThat(shipper.deliveredEvents()).isZero();
      for (HeapRound round : rounds) {
        assertThat(round.eventsRetained())
            .as("telemetry events alive in round %d (capacity %d + batch %d)", round.round(), QUEUE_CAPACITY, HEAP_BATCH)
            .isLessThanOrEqualTo(maxEvents);
        assertThat(round.listenerBytes())
            .as("bytes of the listener's classes in round %d: fixed %d B + %d events × %d B", round.round(),
                fixedBytes, maxEvents, finishedBytes)
            .isLessThanOrEqualTo(bound);
      }
      List<HeapRound> steady = rounds.subList(STEADY_FROM - 1, rounds.size());
      for (int i = 0; i < steady.size(); i++) {
        HeapRound round = steady.get(i);
        assertThat(round.queued()).as("queue in round %d", round.round()).isEqualTo(QUEUE_CAPACITY);
        if (i > 0) {
          assertThat(round.dropped())
              .as("events dropped at the bound by round %d: the listener keeps producing", round.round())
              .isGreaterThan(steady.get(i - 1).dropped());
        }
      }
      double eventSlope = slopePerRound(steady, HeapRound::eventsRetained);
      double listenerSlope = slopePerRound(steady, HeapRound::listenerBytes);
      double httpSlope = slopePerRound(steady, HeapRound::httpClientObjects);
      double heapSlope = slopePerRound(steady, HeapRound::heapUsedBytes);
      assertThat(eventSlope).as("growth of events retained per steady round").isLessThan(1.0);
      assertThat(listenerSlope)
          .as("growth of the listener's bytes per steady round, against one RUN_FINISHED (%d B)", finishedBytes)
          .isLessThan((double) finishedBytes);
      assertThat(httpSlope).as("growth of the JDK HTTP client's objects per steady round").isLessThan(50.0);
      assertThat(heapSlope).as("growth of the heap after GC per steady round").isLessThan((double) HEAP_SLOPE_TOLERANCE);

      StringBuilder report = new StringBuilder();
      report.append(
          String.format(
              "queue.capacity %d, batch.maxEvents %d, heartbeat 100 ms, %d jobs of 3,000,000 rows per round;"
                  + " one RUN_FINISHED of this job %d B of listener classes; fixed state at attach %d B;"
                  + " bound %d B (fixed + %d × %d B)%n",
              QUEUE_CAPACITY, HEAP_BATCH, JOBS_PER_ROUND, finishedBytes, fixedBytes, bound, maxEvents, finishedBytes));
      rounds.forEach(round -> report.append(round.line()).append(System.lineSeparator()));
      report.append(
          String.format(
              "slopes over rounds %d-%d: events %.2f/round, listener classes %.0f B/round, JDK HTTP client"
                  + " objects %.1f/round, heap after GC %.0f KiB/round; %d delivery attempts failed in all%n",
              STEADY_FROM, HEAP_ROUNDS, eventSlope, listenerSlope, httpSlope, heapSlope / 1024,
              shipper.failedAttempts()));
      report.append(String.format("most grown classes, round %d to %d: %s%n", STEADY_FROM, HEAP_ROUNDS, grew));
      Reports.write("listener-heap.txt", report.toString());
    }
  }

  /**
   * Shallow bytes of the listener's classes that one RUN_FINISHED of {@link #job} holds (its summary
   * with stages, identity, resources, listener cost), from histograms with {@value #SAMPLE_RUNS} of
   * them held and released. It is the largest event the listener queues for this job: a RUN_STARTED
   * holds only the identity and resources a RUN_FINISHED also holds, a heartbeat a progress record.
   */
  private long finishedEventBytes() throws Exception {
    List<TelemetryEvent> held = new CopyOnWriteArrayList<>();
    TelemetrySink keep =
        event -> {
          if (event.type() == EventType.RUN_FINISHED && event.run().runId().startsWith("sample-")) {
            held.add(event);
          }
        };
    SparkplaneListener capture = new SparkplaneListener(listenerConf("http://127.0.0.1:9"), Clock.systemUTC(), keep);
    spark.sparkContext().addSparkListener(capture);
    for (int i = 0; i < SAMPLE_RUNS; i++) {
      job("sample-" + i);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (held.size() < SAMPLE_RUNS && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(held).as("sample runs finished (run.idleTimeout 500 ms)").hasSize(SAMPLE_RUNS);
    spark.sparkContext().listenerBus().waitUntilEmpty();
    spark.sparkContext().removeSparkListener(capture);
    // stops its heartbeat thread
    capture.onApplicationEnd(new SparkListenerApplicationEnd(System.currentTimeMillis(), Option.empty()));

    HeapHistogram with = HeapHistogram.take();
    held.clear();
    HeapHistogram without = HeapHistogram.take();
    assertThat(with.instances(EVENT_CLASS) - without.instances(EVENT_CLASS))
        .as("events the histograms see released")
        .isEqualTo(SAMPLE_RUNS);
    return (with.bytes(LISTENER_CLASSES) - without.bytes(LISTENER_CLASSES)) / SAMPLE_RUNS;
  }

  private static double slopePerRound(List<HeapRound> rounds, ToLongFunction<HeapRound> value) {
    List<Double> x = rounds.stream().map(r -> (double) r.round()).toList();
    List<Double> y = rounds.stream().map(r -> (double) value.applyAsLong(r)).toList();
    return Trend.slopePerSecond(x, y);
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
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
      // Short jobs can all fall in down phases; a retry (backoff 200 ms doubling to 30 s, jitter
      // 25%) must then land in a later up phase. Each attempt has about even odds.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (proxy.connectionsForwarded() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      TelemetryShipper shipper = ListenerProbe.shipper(listener);
      assertThat(shipper.queueHighWaterMark()).as("queue high-water mark").isLessThanOrEqualTo(QUEUE_CAPACITY);
      assertThat(proxy.connectionsReset()).as("the collector was down at times").isPositive();
      assertThat(proxy.connectionsForwarded()).as("and up at times, reached within 90 s while flapping").isPositive();
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
