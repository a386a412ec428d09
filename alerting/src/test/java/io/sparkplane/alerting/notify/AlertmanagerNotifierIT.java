package io.sparkplane.alerting.notify;

import static io.sparkplane.alerting.notify.NotifierFixtures.burst;
import static io.sparkplane.alerting.notify.NotifierFixtures.fastRetries;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkplane.alerting.AlertState;
import io.sparkplane.alerting.testing.AlertmanagerExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("The Alertmanager notifier against a real Alertmanager")
class AlertmanagerNotifierIT {

  @RegisterExtension static final AlertmanagerExtension ALERTMANAGER = new AlertmanagerExtension();

  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonNode alerts(String filter) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(ALERTMANAGER.url().resolve("/api/v2/alerts?" + filter)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  @Test
  @DisplayName("posts the alert, and Alertmanager serves it back with its labels and annotations; a resolve ends it")
  void roundTrip() throws Exception {
    AlertmanagerConfig config =
        new AlertmanagerConfig(null, ALERTMANAGER.url(), null, "http://collector:7070/api/v1/alerts", Map.of("cluster", "test"), fastRetries());
    Notifier notifier = NotifierBuilders.build(config);
    Instant now = Instant.now();
    var firing = burst("acme", AlertState.FIRING);
    notifier.send(new Notification(Notification.Kind.FIRING, firing, NotifierFixtures.oom(), now));

    JsonNode list = alerts("filter=tenant%3D%22acme%22");
    assertThat(list).hasSize(1);
    JsonNode alert = list.get(0);
    JsonNode labels = alert.get("labels");
    assertThat(labels.get("alertname").asText()).isEqualTo("SparkplaneFailureBurst");
    assertThat(labels.get("severity").asText()).isEqualTo("critical");
    assertThat(labels.get("scope").asText()).isEqualTo("tenant");
    assertThat(labels.get("tenant").asText()).isEqualTo("acme");
    assertThat(labels.get("rule").asText()).isEqualTo("failure-burst");
    assertThat(labels.get("cluster").asText()).isEqualTo("test");
    JsonNode annotations = alert.get("annotations");
    assertThat(annotations.get("summary").asText()).contains("5 runs FAILED or LOST in 10m for tenant acme").contains("mostly OOM (4 of 5)");
    assertThat(annotations.get("alert_key").asText()).isEqualTo("failure-burst:tenant=acme");
    assertThat(annotations.get("count").asText()).isEqualTo("5");
    assertThat(annotations.get("triage_class").asText()).isEqualTo("OOM");
    assertThat(annotations.get("triage_counts").asText()).isEqualTo("OOM=4, UNKNOWN=1");
    assertThat(annotations.get("example_runs").asText()).isEqualTo("run-1, run-2");
    assertThat(annotations.get("triage_summaries").asText()).isEqualTo("run-2 [OOM]: Executor heap exhausted in stage 3");
    assertThat(alert.at("/status/state").asText()).isEqualTo("active");
    assertThat(alert.get("generatorURL").asText()).isEqualTo("http://collector:7070/api/v1/alerts");
    assertThat(Instant.parse(alert.get("endsAt").asText())).isAfter(now.plus(Duration.ofMinutes(3)));

    var resolved =
        new io.sparkplane.alerting.Alert(
            firing.key(), firing.level(), AlertState.RESOLVED, firing.startsAtMs(), System.currentTimeMillis() - 1000, firing.facts());
    notifier.send(new Notification(Notification.Kind.RESOLVED, resolved, NotifierFixtures.oom(), Instant.now()));
    assertThat(alerts("filter=tenant%3D%22acme%22&active=true")).isEmpty();
  }

  @Test
  @DisplayName("one alert key is one Alertmanager alert however often it is resent")
  void dedup() throws Exception {
    Notifier notifier =
        NotifierBuilders.build(new AlertmanagerConfig("am", ALERTMANAGER.url(), null, null, null, fastRetries()));
    for (int i = 0; i < 3; i++) {
      notifier.send(new Notification(Notification.Kind.REPEAT, burst("beta", AlertState.FIRING), NotifierFixtures.oom(), Instant.now()));
    }
    assertThat(alerts("filter=tenant%3D%22beta%22")).hasSize(1);
  }

}
