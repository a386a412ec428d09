package io.sparkplane.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkplane.alerting.testing.PrometheusTools;
import io.sparkplane.alerting.testing.ServerProcess;
import io.sparkplane.alerting.testing.WireEvents;
import io.sparkplane.collector.CollectorConfig;
import io.sparkplane.collector.CollectorServer;
import io.sparkplane.collector.extension.ListenerCostMetrics;
import io.sparkplane.collector.ingest.IngestLimits;
import io.sparkplane.collector.lost.LostRunSettings;
import io.sparkplane.collector.store.ForwardingRunStore;
import io.sparkplane.collector.store.RunPage;
import io.sparkplane.collector.store.RunQuery;
import io.sparkplane.collector.store.StoreException;
import io.sparkplane.collector.store.StoreResult;
import io.sparkplane.collector.store.StoredRun;
import io.sparkplane.collector.store.h2.H2RunStore;
import io.sparkplane.wire.ListenerStats;
import io.sparkplane.wire.RunIdentity;
import io.sparkplane.wire.RunStatus;
import io.sparkplane.wire.TelemetryEvent;
import io.sparkplane.wire.TelemetryJson;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector-health rules ({@code prometheus/rules/sparkplane-collector.rules.yml}) on a real
 * Prometheus scraping a real collector every second: every metric they name is in the collector's
 * live {@code /metrics} and in Prometheus, none is active while the collector is healthy, and each
 * fault the IT can cause makes Prometheus evaluate the shipped rule to a series: a slow store
 * (SparkplaneIngestSlow) with requests beyond {@code maxInflightPayloadBytes}
 * (SparkplaneIngestRefusing, overloaded), a failing store (SparkplaneStoreUnhealthy,
 * SparkplaneIngestRefusing store_unavailable, SparkplaneLostRunSweepsFailing), a listener's
 * reported drops, a built-in page its notifier could not deliver, an extension stuck on a run
 * (SparkplaneExtensionQueueFilling, SparkplaneExtensionRunsDropped), and the collector gone
 * (SparkplaneCollectorDown). Alerts with a hold ({@code for:}) are shown pending, which is what
 * Prometheus reports while the expression holds and the hold runs; the promtool unit tests prove
 * the holds.
 */
@DisplayName("Collector-health alert rules on a real Prometheus scraping a real collector")
class CollectorHealthAlertsIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String GROUP = "sparkplane-collector";
  private static final long SLOW_APPEND_MILLIS = 1_200;
  /** {@code extensionQueueCapacity} of the collector under test. */
  private static final int EXTENSION_QUEUE = 20;

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  @DisplayName(
      "name only live metrics, stay quiet on a healthy collector, and hold for a slow, overloaded, failing and vanished collector, a listener's drops, a failed page and a stuck extension")
  void rulesMatchRealFaults() throws Exception {
    Path prometheusBinary = PrometheusTools.require("prometheus");
    Path rules = PrometheusTools.rulesDir().resolve("rules").resolve("sparkplane-collector.rules.yml");
    int deadPort = PrometheusTools.freePort(); // nothing listens: every page to it fails
    Path alertingYaml = dir.resolve("alerting.yaml");
    Files.writeString(
        alertingYaml,
        """
        routing:
          groupWait: 0s
        notifiers:
          - type: webhook
            name: pager
            url: http://127.0.0.1:%d/hook
            delivery: {maxAttempts: 1, timeout: 1s}
        """
            .formatted(deadPort));
    FaultyStore store = new FaultyStore(H2RunStore.open(dir.resolve("data"), Clock.systemUTC()));
    CollectorConfig config =
        CollectorConfig.defaults()
            .withHost("127.0.0.1")
            .withPort(0)
            .withDataDir(dir.resolve("data"))
            // one request held at a time: concurrent ones while the store is slow get 503 overloaded
            .withIngestLimits(IngestLimits.defaults().withMaxInflightPayloadBytes(1))
            // the store-health gauge and the lost-run sweep run every second; sweeps begin once a
            // run could have been silent for 3 heartbeats (6 s here) after start
            .withLostRuns(
                LostRunSettings.defaults()
                    .withHeartbeatInterval(Duration.ofSeconds(2))
                    .withCheckInterval(Duration.ofSeconds(1)))
            // a queue small enough for a stuck extension to fill it within the test
            .withExtensionQueueCapacity(EXTENSION_QUEUE);
    StuckExtension stuck = new StuckExtension();
    CollectorServer collector =
        CollectorServer.builder(config)
            .store(store)
            .extension(new ListenerCostMetrics())
            .extension(AlertingExtension.fromFile(alertingYaml))
            .extension(stuck)
            .build();
    boolean collectorClosed = false;
    try {
      int collectorPort = collector.start();
      URI collectorUri = URI.create("http://127.0.0.1:" + collectorPort);
      Path prometheusConfig = dir.resolve("prometheus.yml");
      Files.writeString(
          prometheusConfig,
          """
          global:
            scrape_interval: 1s
            evaluation_interval: 1s
          rule_files:
            - %s
          scrape_configs:
            - job_name: sparkplane
              static_configs:
                - targets: ['127.0.0.1:%d']
          """
              .formatted(rules, collectorPort));
      try (ServerProcess server = ServerProcess.prometheus(prometheusBinary, prometheusConfig, dir)) {
        URI prometheus = server.base();
        Prom prom = new Prom(prometheus);
        awaitTrue(() -> !prom.query("up{job=\"sparkplane\"} == 1").isEmpty());

        // healthy: runs in eu (the listener-drop counter of eu starts at 0), all accepted at once
        for (int i = 0; i < 6; i++) {
          assertThat(post(collectorUri, runEvents("acme", "ok-" + i, RunStatus.SUCCEEDED, 0)).statusCode()).isEqualTo(200);
        }
        awaitTrue(() -> value(prom.query("sum(sparkplane_ingest_request_seconds_count{outcome=\"accepted\"})")) >= 6);
        awaitTrue(() -> prom.rules().values().stream().allMatch(r -> r.get("health").asText().equals("ok")));

        // every metric a rule names is exported by the collector and seen by Prometheus
        String scrape = get(collectorUri.resolve("/metrics")).body();
        Set<String> names = metricNames(prom.rules());
        assertThat(names)
            .contains(
                "up",
                "sparkplane_store_healthy",
                "sparkplane_ingest_rejected_total",
                "sparkplane_ingest_request_seconds_count",
                "sparkplane_ingest_request_seconds_bucket",
                "sparkplane_extension_queue_depth",
                "sparkplane_extension_queue_capacity",
                "sparkplane_extension_notifications_total",
                "sparkplane_lost_runs_sweep_failures_total",
                "sparkplane_listener_telemetry_dropped_total",
                "sparkplane_alert_notify_failures_total");
        for (String name : names) {
          if (!name.equals("up")) {
            assertThat(scrape).as("the collector's /metrics exports %s", name).containsPattern("(?m)^" + name + "[{ ]");
          }
          assertThat(prom.query("count({__name__=\"" + name + "\", job=\"sparkplane\"})"))
              .as("Prometheus has %s from the collector", name)
              .isNotEmpty();
        }
        for (String reason : List.of("store_unavailable", "overloaded")) {
          assertThat(scrape).contains("sparkplane_ingest_rejected_total{reason=\"" + reason + "\"} 0.0");
        }
        // a healthy collector: no collector-health alert pending or firing (an evaluation before the
        // first scrape found no target, so SparkplaneCollectorAbsent may be pending until the next one)
        awaitTrue(() -> "active: " + prom.active(), () -> prom.active().isEmpty());

        // a slow store: the request in the store holds all of maxInflightPayloadBytes, the others
        // are refused 503 overloaded; accepted requests take 1.2 s
        store.slow = true;
        Map<Integer, Integer> statuses = sendConcurrently(collectorUri, 4, 8);
        store.slow = false;
        System.out.println("slow store: answers by status " + statuses);
        assertThat(statuses).containsKey(503);
        assertThat(statuses.get(200)).isGreaterThanOrEqualTo(8);
        awaitActive(prom, "SparkplaneIngestSlow", Map.of("instance", "127.0.0.1:" + collectorPort), "pending");
        awaitActive(prom, "SparkplaneIngestRefusing", Map.of("reason", "overloaded"), "pending");
        assertThat(value(prom.query(prom.expr("SparkplaneIngestSlow")))).isGreaterThan(1.0);

        // a failing store: health check false, writes and sweeps throw
        store.down = true;
        awaitTrue(() -> get(collectorUri.resolve("/health/ready")).statusCode() == 503);
        // a fifth of all requests so far at least, so the refused share is well past the threshold
        int sentBefore = 6 + statuses.values().stream().mapToInt(Integer::intValue).sum();
        int down = Math.max(60, sentBefore / 4);
        int refused = 0;
        for (int i = 0; i < down; i++) {
          HttpResponse<String> r = post(collectorUri, runEvents("acme", "down-" + i, RunStatus.SUCCEEDED, 0));
          assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
          assertThat(r.body()).contains("store_unavailable");
          refused++;
        }
        assertThat(refused).isEqualTo(down);
        awaitActive(prom, "SparkplaneStoreUnhealthy", Map.of("instance", "127.0.0.1:" + collectorPort), "pending");
        awaitActive(prom, "SparkplaneIngestRefusing", Map.of("reason", "store_unavailable"), "pending");
        awaitActive(prom, "SparkplaneLostRunSweepsFailing", Map.of(), "pending");

        // the store back: its health alert's expression is empty again
        store.down = false;
        awaitTrue(() -> prom.query(prom.expr("SparkplaneStoreUnhealthy")).isEmpty());

        // a listener reports telemetry it gave up (a run summary's listener.telemetryDropped): no hold
        assertThat(post(collectorUri, runEvents("acme", "dropper", RunStatus.SUCCEEDED, 7)).statusCode()).isEqualTo(200);
        awaitActive(prom, "SparkplaneListenerTelemetryDropped", Map.of("region", "eu-west-1"), "firing");
        assertThat(value(prom.query(prom.expr("SparkplaneListenerTelemetryDropped")))).isGreaterThanOrEqualTo(7);

        // five failures fire the built-in failure burst; its page to a dead receiver is given up
        for (int i = 0; i < 5; i++) {
          assertThat(post(collectorUri, runEvents("burst", "f-" + i, RunStatus.FAILED, 0)).statusCode()).isEqualTo(200);
        }
        awaitActive(prom, "SparkplaneAlertNotificationsFailing", Map.of("notifier", "pager", "reason", "error"), "firing");

        // none of this filled the extensions' queue or dropped a finished run
        assertThat(prom.activeNames()).doesNotContain("SparkplaneExtensionQueueFilling", "SparkplaneExtensionRunsDropped");

        // an extension stuck on a run: the next runs fill the queue, the ones after are dropped
        stuck.hold();
        int finishedWhileStuck = EXTENSION_QUEUE + 10;
        for (int i = 0; i < finishedWhileStuck; i++) {
          assertThat(post(collectorUri, runEvents("acme", "stuck-" + i, RunStatus.SUCCEEDED, 0)).statusCode()).isEqualTo(200);
        }
        String stuckScrape = get(collectorUri.resolve("/metrics")).body();
        assertThat(metricValue(stuckScrape, "sparkplane_extension_queue_capacity")).isEqualTo(EXTENSION_QUEUE);
        assertThat(metricValue(stuckScrape, "sparkplane_extension_queue_depth")).as("a full queue").isEqualTo(EXTENSION_QUEUE);
        // one run holds the stuck thread, the queue holds its capacity: at least the rest are dropped
        assertThat(metricValue(stuckScrape, "sparkplane_extension_notifications_total{outcome=\"dropped\"}"))
            .isGreaterThanOrEqualTo(finishedWhileStuck - 1 - EXTENSION_QUEUE);
        awaitActive(prom, "SparkplaneExtensionQueueFilling", Map.of("instance", "127.0.0.1:" + collectorPort), "pending");
        awaitActive(prom, "SparkplaneExtensionRunsDropped", Map.of("instance", "127.0.0.1:" + collectorPort), "firing");
        assertThat(value(prom.query(prom.expr("SparkplaneExtensionQueueFilling")))).isEqualTo(1.0);
        stuck.release();
        awaitTrue(() -> prom.query(prom.expr("SparkplaneExtensionQueueFilling")).isEmpty());

        // the collector gone: Prometheus scrapes nothing
        collector.close();
        collectorClosed = true;
        awaitActive(prom, "SparkplaneCollectorDown", Map.of("instance", "127.0.0.1:" + collectorPort), "pending");
        assertThat(prom.activeNames()).doesNotContain("SparkplaneCollectorAbsent");
      }
    } finally {
      try {
        if (!collectorClosed) {
          collector.close();
        }
      } finally {
        store.close(); // supplied, so the collector leaves it open
      }
    }
  }

  /** The value of one series in a {@code /metrics} text; {@code series} as written there, without common tags. */
  private static double metricValue(String scrape, String series) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
    assertThat(m.find()).as("%s in /metrics", series).isTrue();
    return Double.parseDouble(m.group(1));
  }

  /** An extension that, once held, blocks the extensions' thread on the next run until released. */
  private static final class StuckExtension implements io.sparkplane.collector.extension.CollectorExtension {
    private volatile java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(0);

    void hold() {
      gate = new java.util.concurrent.CountDownLatch(1);
    }

    void release() {
      gate.countDown();
    }

    @Override
    public void runFinished(StoredRun run) {
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void close() {
      release();
    }
  }

  /** The metric names in the rules' expressions, as Prometheus loaded them (quoted label values left out). */
  private static Set<String> metricNames(Map<String, JsonNode> rules) {
    Set<String> names = new TreeSet<>();
    Pattern name = Pattern.compile("\\b(up|sparkplane_[a-z_]+)\\b");
    for (JsonNode rule : rules.values()) {
      Matcher m = name.matcher(rule.get("query").asText().replaceAll("\"[^\"]*\"", "\"\""));
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  private void awaitActive(Prom prom, String alert, Map<String, String> labels, String state) throws Exception {
    awaitTrue(
        () -> describe(prom, alert),
        () ->
            prom.alerts().stream()
                .anyMatch(
                    a ->
                        a.at("/labels/alertname").asText().equals(alert)
                            && a.get("state").asText().equals(state)
                            && labels.entrySet().stream()
                                .allMatch(e -> a.at("/labels/" + e.getKey()).asText().equals(e.getValue()))));
  }

  /** {@code senders} threads post until {@code accepted} requests were accepted; statuses counted. */
  private Map<Integer, Integer> sendConcurrently(URI collector, int senders, int accepted) throws Exception {
    AtomicInteger ok = new AtomicInteger();
    AtomicLong seq = new AtomicLong();
    Map<Integer, Integer> statuses = new TreeMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(senders);
    try {
      List<Future<?>> futures = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
      for (int s = 0; s < senders; s++) {
        futures.add(
            pool.submit(
                () -> {
                  while (ok.get() < accepted && System.nanoTime() < deadline) {
                    HttpResponse<String> r = post(collector, runEvents("acme", "slow-" + seq.incrementAndGet(), RunStatus.SUCCEEDED, 0));
                    synchronized (statuses) {
                      statuses.merge(r.statusCode(), 1, Integer::sum);
                    }
                    if (r.statusCode() == 200) {
                      ok.incrementAndGet();
                    } else {
                      Thread.sleep(200); // a listener waits for Retry-After; a gentler retry is enough here
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return statuses;
  }

  /** A started and a finished event of one run in eu-west-1; the summary reports listener drops. */
  private static List<TelemetryEvent> runEvents(String tenant, String runId, RunStatus status, long telemetryDropped) {
    RunIdentity run = WireEvents.run(tenant, "eu-west-1", runId, null);
    long end = System.currentTimeMillis();
    return List.of(
        WireEvents.started(run, end - 60_000),
        WireEvents.finished(run, end, status, 60_000, new ListenerStats(100, 0, telemetryDropped)));
  }

  private HttpResponse<String> post(URI collector, List<TelemetryEvent> events) throws Exception {
    return http.send(
        HttpRequest.newBuilder(collector.resolve("/api/v1/telemetry"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(TelemetryJson.toBytes(events)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(URI uri) throws Exception {
    return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static double value(List<JsonNode> result) {
    return result.isEmpty() ? Double.NaN : result.get(0).at("/value/1").asDouble();
  }

  /** The Prometheus HTTP API, for this test's rule group. */
  private final class Prom {
    private final URI base;

    Prom(URI base) {
      this.base = base;
    }

    private JsonNode getJson(String pathAndQuery) throws Exception {
      HttpResponse<String> r = get(base.resolve(pathAndQuery));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      return JSON.readTree(r.body());
    }

    List<JsonNode> query(String promql) throws Exception {
      List<JsonNode> result = new ArrayList<>();
      getJson("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8))
          .at("/data/result")
          .forEach(result::add);
      return result;
    }

    /** The group's alerting rules by name, as Prometheus loaded them (query, health, state, alerts). */
    Map<String, JsonNode> rules() throws Exception {
      Map<String, JsonNode> rules = new TreeMap<>();
      for (JsonNode group : getJson("/api/v1/rules?type=alert").at("/data/groups")) {
        if (group.get("name").asText().equals(GROUP)) {
          group.get("rules").forEach(r -> rules.put(r.get("name").asText(), r));
        }
      }
      assertThat(rules).as("rule group %s loaded", GROUP).hasSize(10);
      return rules;
    }

    String expr(String alert) throws Exception {
      return rules().get(alert).get("query").asText();
    }

    /** Pending and firing alerts of the group, with their labels and state. */
    List<JsonNode> alerts() throws Exception {
      List<JsonNode> alerts = new ArrayList<>();
      for (JsonNode rule : rules().values()) {
        rule.get("alerts").forEach(alerts::add);
      }
      return alerts;
    }

    List<String> active() throws Exception {
      List<String> active = new ArrayList<>();
      for (JsonNode a : alerts()) {
        active.add(a.at("/labels/alertname").asText() + " " + a.get("labels") + " " + a.get("state").asText());
      }
      return active;
    }

    Set<String> activeNames() throws Exception {
      Set<String> names = new TreeSet<>();
      alerts().forEach(a -> names.add(a.at("/labels/alertname").asText()));
      return names;
    }
  }

  /** The H2 store with two faults to switch on: slow writes, and a store that is down. */
  private static final class FaultyStore extends ForwardingRunStore {
    volatile boolean slow;
    volatile boolean down;

    FaultyStore(H2RunStore delegate) {
      super(delegate);
    }

    private void check() {
      if (down) {
        throw new StoreException("injected: store down");
      }
    }

    @Override
    public StoreResult append(List<TelemetryEvent> events) {
      check();
      if (slow) {
        try {
          Thread.sleep(SLOW_APPEND_MILLIS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new StoreException("interrupted", e);
        }
      }
      return super.append(events);
    }

    @Override
    public Optional<StoredRun> findRun(@Nullable String tenant, String runId) {
      check();
      return super.findRun(tenant, runId);
    }

    @Override
    public RunPage listRuns(RunQuery query) {
      check();
      return super.listRuns(query);
    }

    @Override
    public List<StoredRun> markLost(Instant receivedBefore, int limit) {
      check();
      return super.markLost(receivedBefore, limit);
    }

    @Override
    public boolean isHealthy() {
      return !down && super.isHealthy();
    }
  }

  private interface Check {
    boolean ok() throws Exception;
  }

  private static void awaitTrue(Check check) throws Exception {
    awaitTrue(() -> "", check);
  }

  private static void awaitTrue(Describe state, Check check) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (check.ok()) {
        return;
      }
      Thread.sleep(200);
    }
    assertThat(check.ok()).as("condition within %s; %s", WAIT, state.get()).isTrue();
  }

  private interface Describe {
    String get() throws Exception;
  }

  /** What Prometheus has now: the group's active alerts and the alert's expression's result. */
  private static String describe(Prom prom, String alert) throws Exception {
    return "active: " + prom.active() + "; " + alert + " expression: " + prom.query(prom.expr(alert));
  }
}
