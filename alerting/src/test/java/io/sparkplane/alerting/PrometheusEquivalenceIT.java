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
 * Prometheus scraping that collector and evaluating the shipped rules fires the same failure-burst
 * alerts for the same keys.
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

  /** Built-in alert id for a Prometheus alert's labels, e.g. {@code failure-burst:tenant=acme}. */
  private static String idOf(JsonNode labels) {
    String rule = labels.get("rule").asText();
    return switch (labels.get("scope").asText()) {
      case "tenant" -> rule + ":tenant=" + labels.get("tenant").asText();
      case "region" -> rule + ":region=" + labels.get("region").asText();
      default -> rule + ":global";
    };
  }

  private Set<String> prometheusFiring(URI prometheus) throws Exception {
    Set<String> ids = new TreeSet<>();
    for (JsonNode alert : getJson(prometheus.resolve("/api/v1/alerts")).at("/data/alerts")) {
      if (alert.get("state").asText().equals("firing")
          && alert.at("/labels/alertname").asText().equals("SparkplaneFailureBurst")) {
        ids.add(idOf(alert.get("labels")));
      }
    }
    return ids;
  }

  @Test
  @DisplayName("fire the same failure-burst alerts for the same keys: tenant, region and fleet, none for the one-short tenant")
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
      int port = PrometheusTools.freePort();
      URI prometheus = URI.create("http://127.0.0.1:" + port);
      try (ServerProcess server =
          ServerProcess.start(
              List.of(
                  prometheusBinary.toString(),
                  "--config.file=" + config,
                  "--storage.tsdb.path=" + dir.resolve("tsdb"),
                  "--web.listen-address=127.0.0.1:" + port),
              dir.resolve("prometheus.log"),
              prometheus,
              "/-/ready",
              Duration.ofSeconds(60))) {
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
        HttpResponse<String> post =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + collectorPort + "/api/v1/telemetry"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(TelemetryJson.toBytes(events)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).as(post.body()).isEqualTo(200);

        Set<String> expected =
            Set.of("failure-burst:tenant=acme", "failure-burst:region=eu-west-1", "failure-burst:global");
        awaitTrue(() -> builtIn(alerting).equals(expected));
        awaitTrue(() -> prometheusFiring(prometheus).equals(expected));
        assertThat(prometheusFiring(prometheus)).as(server.logText()).isEqualTo(builtIn(alerting)).isEqualTo(expected);
      }
    }
  }

  private static Set<String> builtIn(AlertingExtension alerting) {
    Set<String> ids = new TreeSet<>();
    alerting.engine().orElseThrow().active().stream()
        .filter(a -> a.key().rule().equals(RuleNames.FAILURE_BURST))
        .forEach(a -> ids.add(a.id()));
    return ids;
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
