package io.sparkplane.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkplane.alerting.config.AlertingConfig;
import io.sparkplane.alerting.config.RoutingConfig;
import io.sparkplane.alerting.engine.RuleNames;
import io.sparkplane.alerting.testing.PrometheusTools;
import io.sparkplane.alerting.testing.ServerProcess;
import io.sparkplane.alerting.testing.WireEvents;
import io.sparkplane.collector.CollectorConfig;
import io.sparkplane.collector.CollectorServer;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same replayed run stream through the built-in engine (in the collector) and through a real
 * Prometheus scraping that collector and evaluating the shipped rules fires the same failure-burst,
 * SLA-missed and runtime-drift alerts for the same keys. Success-rate burn is proven by the promtool
 * unit tests instead (see docs/alerting.md): its {@code increase()} windows cannot see counters born
 * inside a few seconds of real time.
 */
@DisplayName("Built-in engine and Prometheus rules")
class PrometheusEquivalenceIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();

  private JsonNode getJson(URI uri) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  /** The rules compared, by their Prometheus alert name and built-in rule name. */
  private static final Set<String> ALERTS =
      Set.of("SparkplaneFailureBurst", "SparkplaneSlaMissed", "SparkplaneRuntimeDrift");

  private static final Set<String> RULES =
      Set.of(RuleNames.FAILURE_BURST, RuleNames.SLA_MISSED, RuleNames.RUNTIME_DRIFT);

  /** Built-in alert id for a Prometheus alert's labels, e.g. {@code failure-burst:tenant=acme}. */
  private static String idOf(JsonNode labels) {
    String rule = labels.get("rule").asText();
    return switch (labels.get("scope").asText()) {
      case "workload" ->
          rule + ":tenant=" + labels.get("tenant").asText() + ",workload=" + labels.get("workload").asText();
      case "tenant" -> rule + ":tenant=" + labels.get("tenant").asText();
      case "region" -> rule + ":region=" + labels.get("region").asText();
      default -> rule + ":global";
    };
  }

  private Set<String> prometheusFiring(URI prometheus) throws Exception {
    Set<String> ids = new TreeSet<>();
    for (JsonNode alert : getJson(prometheus.resolve("/api/v1/alerts")).at("/data/alerts")) {
      if (alert.get("state").asText().equals("firing")
          && ALERTS.contains(alert.at("/labels/alertname").asText())) {
        ids.add(idOf(alert.get("labels")));
      }
    }
    return ids;
  }

  @Test
  @DisplayName(
      "fire the same alerts for the same keys: failure bursts per tenant, region and fleet, an SLA miss, a drifted workload; none for the one-short cases")
  void sameAlerts() throws Exception {
    Path prometheusBinary = PrometheusTools.require("prometheus");
    Path rules = PrometheusTools.rulesDir().resolve("rules");
    AlertingExtension alerting =
        new AlertingExtension(AlertingConfig.defaults().withRouting(RoutingConfig.defaults().withGroupWait(Duration.ZERO)));
    try (CollectorServer collector =
        CollectorServer.builder(CollectorConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(dir.resolve("data")))
            .extension(alerting)
            .build()) {
      int collectorPort = collector.start();
      Path config = dir.resolve("prometheus.yml");
      Files.writeString(
          config,
          """
          global:
            scrape_interval: 1s
            evaluation_interval: 1s
          rule_files:
            - %s
            - %s
          scrape_configs:
            - job_name: sparkplane
              static_configs:
                - targets: ['127.0.0.1:%d']
          """
              .formatted(
                  rules.resolve("sparkplane-recording.rules.yml"),
                  rules.resolve("sparkplane-alerts.rules.yml"),
                  collectorPort));
      try (ServerProcess server = ServerProcess.prometheus(prometheusBinary, config, dir)) {
        URI prometheus = server.base();
        String up = URLEncoder.encode("up{job=\"sparkplane\"} == 1", StandardCharsets.UTF_8);
        awaitTrue(() -> getJson(prometheus.resolve("/api/v1/query?query=" + up)).at("/data/result").size() == 1);

        // the replayed stream: acme fails 5 times in eu-west-1, beta 4 times in us-east-1, gamma succeeds
        List<TelemetryEvent> events = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (int i = 0; i < 5; i++) {
          add(events, WireEvents.run("acme", "eu-west-1", "a-" + i, null), now - 5000 + i, RunStatus.FAILED);
        }
        for (int i = 0; i < 4; i++) {
          add(events, WireEvents.run("beta", "us-east-1", "b-" + i, null), now - 5000 + i, RunStatus.FAILED);
        }
        for (int i = 0; i < 3; i++) {
          add(events, WireEvents.run("gamma", "us-east-1", "g-" + i, null), now - 5000 + i, RunStatus.SUCCEEDED);
        }
        // SLA: late's run ended 7 s after its deadline, ontime's a minute before
        add(events, WireEvents.run("late", "us-east-1", "l-0", now - 10_000), now - 3000, RunStatus.SUCCEEDED);
        add(events, WireEvents.run("ontime", "us-east-1", "o-0", now + 60_000), now - 3000, RunStatus.SUCCEEDED);
        // runtime drift at the defaults (p95 of the last 20 vs 1.5x the baseline p95, 50 baseline runs):
        // 50 runs of 100 s, then 20 with 2 (drifted) or 1 (one short) of 200 s
        drifting(events, "drift", "etl-drift", 2, now);
        drifting(events, "steady", "etl-steady", 1, now);
        for (int from = 0; from < events.size(); from += 100) {
          List<TelemetryEvent> batch = events.subList(from, Math.min(events.size(), from + 100));
          HttpResponse<String> post =
              http.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + collectorPort + "/api/v1/telemetry"))
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofByteArray(TelemetryJson.toBytes(batch)))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          assertThat(post.statusCode()).as(post.body()).isEqualTo(200);
        }

        Set<String> expected =
            Set.of(
                "failure-burst:tenant=acme",
                "failure-burst:region=eu-west-1",
                "failure-burst:global",
                "sla-missed:tenant=late",
                "runtime-drift:tenant=drift,workload=etl-drift");
        awaitTrue(() -> builtIn(alerting).equals(expected));
        awaitTrue(() -> prometheusFiring(prometheus).equals(expected));
        assertThat(prometheusFiring(prometheus)).as(server.logText()).isEqualTo(builtIn(alerting)).isEqualTo(expected);
      }
    }
  }

  private static Set<String> builtIn(AlertingExtension alerting) {
    Set<String> ids = new TreeSet<>();
    alerting.engine().orElseThrow().active().stream()
        .filter(a -> RULES.contains(a.key().rule()))
        // the Prometheus SLA rule is per tenant only (no workload label on the counter)
        .filter(a -> !(a.key().rule().equals(RuleNames.SLA_MISSED) && a.key().scope() == Scope.WORKLOAD))
        .forEach(a -> ids.add(a.id()));
    return ids;
  }

  /** 50 successful runs of 100 s, then 20 more of which {@code slow} take 200 s. */
  private static void drifting(List<TelemetryEvent> events, String tenant, String workload, int slow, long now) {
    for (int i = 0; i < 70; i++) {
      RunIdentity run = WireEvents.run(tenant, "us-east-1", workload, tenant + "-" + i, null);
      long duration = i >= 70 - slow ? 200_000 : 100_000;
      long end = now - 60_000 + i * 100L;
      events.add(WireEvents.started(run, end - duration));
      events.add(WireEvents.finished(run, end, RunStatus.SUCCEEDED, duration));
    }
  }

  private static void add(List<TelemetryEvent> events, RunIdentity run, long endMs, RunStatus status) {
    events.add(WireEvents.started(run, endMs - 60_000));
    events.add(WireEvents.finished(run, endMs, status));
  }

  private interface Check {
    boolean ok() throws Exception;
  }

  private static void awaitTrue(Check check) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (check.ok()) {
        return;
      }
      Thread.sleep(200);
    }
    assertThat(check.ok()).as("condition within %s", WAIT).isTrue();
  }
}
