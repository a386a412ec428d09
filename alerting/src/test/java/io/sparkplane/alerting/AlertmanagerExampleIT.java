package io.sparkplane.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sparkplane.alerting.testing.PrometheusTools;
import io.sparkplane.alerting.testing.ServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped {@code prometheus/alertmanager.example.yml} in a real Alertmanager: its routes and
 * inhibit rules as written, its receivers swapped for ones that send nothing (the example's point
 * at PagerDuty and example hosts).
 */
@DisplayName("The example Alertmanager configuration")
class AlertmanagerExampleIT {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  @DisplayName(
      "lets a replica's unhealthy store silence that replica's store_unavailable refusals and failed sweeps, not its overload nor another replica's")
  void storeUnhealthyInhibitsItsConsequences() throws Exception {
    Path binary = PrometheusTools.require("prometheus-alertmanager");
    ObjectNode config = (ObjectNode) YAML.readTree(PrometheusTools.rulesDir().resolve("alertmanager.example.yml").toFile());
    ArrayNode receivers = YAML.createArrayNode();
    for (JsonNode receiver : config.get("receivers")) {
      receivers.addObject().put("name", receiver.get("name").asText());
    }
    config.set("receivers", receivers);
    Path file = dir.resolve("alertmanager.yml");
    YAML.writeValue(file.toFile(), config);
    try (ServerProcess am = ServerProcess.alertmanager(binary, file, dir)) {
      URI base = am.base();
      ArrayNode alerts = JSON.createArrayNode();
      alert(alerts, "SparkplaneStoreUnhealthy", "c1", null);
      alert(alerts, "SparkplaneIngestRefusing", "c1", "store_unavailable");
      alert(alerts, "SparkplaneIngestRefusing", "c1", "overloaded");
      alert(alerts, "SparkplaneLostRunSweepsFailing", "c1", null);
      alert(alerts, "SparkplaneIngestRefusing", "c2", "store_unavailable");
      HttpResponse<String> posted =
          http.send(
              HttpRequest.newBuilder(base.resolve("/api/v2/alerts"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(alerts)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);

      Map<String, String> expected =
          Map.of(
              "SparkplaneStoreUnhealthy c1 -", "active",
              "SparkplaneIngestRefusing c1 store_unavailable", "suppressed",
              "SparkplaneIngestRefusing c1 overloaded", "active",
              "SparkplaneLostRunSweepsFailing c1 -", "suppressed",
              "SparkplaneIngestRefusing c2 store_unavailable", "active");
      // The inhibitor learns of its source alert asynchronously: an alert can read "active"
      // before it reads "suppressed". Wait for the settled states.
      Map<String, String> states = new TreeMap<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (System.nanoTime() < deadline) {
        states = states(base);
        if (states.equals(expected)) {
          break;
        }
        Thread.sleep(200);
      }
      assertThat(states).as(am.logText()).containsExactlyInAnyOrderEntriesOf(expected);
    }
  }

  private static void alert(ArrayNode alerts, String name, String instance, String reason) {
    ObjectNode alert = alerts.addObject();
    ObjectNode labels = alert.putObject("labels");
    labels.put("alertname", name);
    labels.put("job", "sparkplane");
    labels.put("instance", instance);
    labels.put("component", "collector");
    labels.put("severity", name.equals("SparkplaneLostRunSweepsFailing") ? "warning" : "critical");
    if (reason != null) {
      labels.put("reason", reason);
    }
    alert.put("startsAt", Instant.now().minusSeconds(60).toString());
    alert.put("endsAt", Instant.now().plusSeconds(600).toString());
  }

  /** Each alert's state ({@code active}, {@code suppressed}) by "alertname instance reason". */
  private Map<String, String> states(URI base) throws Exception {
    HttpResponse<String> r =
        http.send(HttpRequest.newBuilder(base.resolve("/api/v2/alerts")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    Map<String, String> states = new TreeMap<>();
    for (JsonNode a : JSON.readTree(r.body())) {
      JsonNode labels = a.get("labels");
      String key =
          labels.get("alertname").asText() + " " + labels.get("instance").asText() + " "
              + (labels.has("reason") ? labels.get("reason").asText() : "-");
      states.put(key, a.at("/status/state").asText());
    }
    return states;
  }
}
