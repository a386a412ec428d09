package io.sparkplane.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkplane.alerting.config.AlertingConfig;
import io.sparkplane.alerting.config.RoutingConfig;
import io.sparkplane.alerting.notify.DeliverySettings;
import io.sparkplane.alerting.notify.WebhookConfig;
import io.sparkplane.alerting.testing.LocalReceiver;
import io.sparkplane.alerting.testing.WireEvents;
import io.sparkplane.collector.CollectorConfig;
import io.sparkplane.collector.CollectorServer;
import io.sparkplane.collector.store.RunStore;
import io.sparkplane.collector.store.h2.H2RunStore;
import io.sparkplane.wire.RunIdentity;
import io.sparkplane.wire.RunStatus;
import io.sparkplane.wire.TelemetryEvent;
import io.sparkplane.wire.TelemetryJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Alerting in a real collector")
class AlertsApiIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(15);

  @TempDir Path dataDir;

  private final HttpClient http = HttpClient.newHttpClient();
  private LocalReceiver webhook;
  private RunStore store;
  private CollectorServer server;
  private URI base;

  @BeforeEach
  void start() throws Exception {
    webhook = new LocalReceiver();
    store = H2RunStore.open(dataDir, Clock.systemUTC());
    AlertingConfig config =
        AlertingConfig.defaults()
            .withRouting(RoutingConfig.defaults().withGroupWait(Duration.ofMillis(500)))
            .withNotifiers(
                List.of(new WebhookConfig("hook", webhook.url("/hook"), null, null, DeliverySettings.defaults())));
    server =
        CollectorServer.builder(CollectorConfig.defaults().withPort(0).withDataDir(dataDir))
            .store(store)
            .extension(new AlertingExtension(config))
            .build();
    base = URI.create("http://127.0.0.1:" + server.start());
  }

  @AfterEach
  void stop() {
    server.close();
    store.close();
    webhook.close();
  }

  private void post(List<TelemetryEvent> events) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(base.resolve("/api/v1/telemetry"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(TelemetryJson.toBytes(events)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode awaitAlerts(String path, Predicate<JsonNode> done) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    JsonNode body;
    do {
      HttpResponse<String> r = get(path);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      body = JSON.readTree(r.body());
      if (done.test(body)) {
        return body;
      }
      Thread.sleep(50);
    } while (System.nanoTime() < deadline);
    return body;
  }

  private List<TelemetryEvent> failures(String tenant, String region, int n, String prefix) {
    long now = System.currentTimeMillis();
    List<TelemetryEvent> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      RunIdentity run = WireEvents.run(tenant, region, prefix + i, null);
      events.add(WireEvents.started(run, now - 120_000));
      events.add(WireEvents.finished(run, now - 1000 + i, RunStatus.FAILED)); // LOST is the collector's to assign
    }
    return events;
  }

  @Test
  @DisplayName("posted failures raise tenant, region and fleet alerts, served with the runs' triage classification")
  void alertsFromTelemetry() throws Exception {
    post(failures("beta", "us-east-1", 4, "b-")); // one short: no beta or us-east-1 alert
    assertThat(JSON.readTree(get("/api/v1/alerts").body()).get("active")).isEmpty();
    // triage stores its verdict, possibly after alerting saw the run: read when the alert is served
    post(failures("acme", "eu-west-1", 5, "a-"));
    JsonNode body = awaitAlerts("/api/v1/alerts", b -> b.get("active").size() == 3);
    store.putAttachment("acme", "a-4", "triage", JSON.readTree("{\"class\":\"OOM\",\"summary\":\"Executor heap exhausted\\nstack...\",\"confidence\":0.9}"));
    store.putAttachment("acme", "a-3", "triage", JSON.readTree("{\"class\":\"OOM\",\"summary\":\"Executor heap exhausted\"}"));
    store.putAttachment("acme", "a-2", "triage", JSON.readTree("{\"verdict\":\"shape changed\"}"));
    body = JSON.readTree(get("/api/v1/alerts?state=active").body());

    assertThat(body.get("active")).extracting(a -> a.get("id").asText())
        .containsExactlyInAnyOrder("failure-burst:tenant=acme", "failure-burst:region=eu-west-1", "failure-burst:global");
    JsonNode tenant = null;
    for (JsonNode a : body.get("active")) {
      if (a.get("id").asText().equals("failure-burst:tenant=acme")) {
        tenant = a;
      }
    }
    assertThat(tenant.get("scope").asText()).isEqualTo("tenant");
    assertThat(tenant.get("level").asText()).isEqualTo("critical");
    assertThat(tenant.get("state").asText()).isEqualTo("firing");
    assertThat(tenant.get("count").asInt()).isEqualTo(5);
    assertThat(tenant.at("/window/endMs").asLong() - tenant.at("/window/startMs").asLong()).isEqualTo(600_000);
    assertThat(tenant.get("runs")).hasSize(5);
    JsonNode classification = tenant.get("classification");
    assertThat(classification.get("dominantClass").asText()).isEqualTo("OOM");
    assertThat(classification.at("/counts/OOM").asInt()).isEqualTo(2);
    assertThat(classification.at("/counts/UNKNOWN").asInt()).isEqualTo(3);
    assertThat(classification.at("/examples/0/runId").asText()).isEqualTo("a-4");
    assertThat(classification.at("/examples/0/summary").asText()).isEqualTo("Executor heap exhausted");
    JsonNode global = body.get("active").get(0).get("id").asText().equals("failure-burst:global") ? body.get("active").get(0) : null;
    for (JsonNode a : body.get("active")) {
      if (a.get("id").asText().equals("failure-burst:global")) {
        global = a;
      }
    }
    assertThat(global.get("count").asInt()).isEqualTo(9);

    // the webhook was paged once per key, after the group wait, with the verdicts stored by then
    List<JsonNode> pages = webhook.await(3, WAIT);
    assertThat(pages).hasSize(3).allMatch(p -> p.get("kind").asText().equals("firing"));

    // a page is counted once its receiver answered, just after the receiver recorded it
    String sentThree = "sparkplane_alert_notifications_total{kind=\"firing\",notifier=\"hook\"} 3.0";
    long deadline = System.nanoTime() + WAIT.toNanos();
    String metrics = get("/metrics").body();
    while (!metrics.contains(sentThree) && System.nanoTime() < deadline) {
      Thread.sleep(50);
      metrics = get("/metrics").body();
    }
    assertThat(metrics)
        .contains("sparkplane_alerts_fired_total{level=\"critical\",rule=\"failure-burst\",scope=\"tenant\"} 1.0")
        .contains("sparkplane_alerts_active{rule=\"failure-burst\",scope=\"global\"} 1.0")
        .contains("sparkplane_alert_notifications_total{kind=\"firing\",notifier=\"hook\"} 3.0")
        .contains("sparkplane_alert_notify_failures_total{notifier=\"hook\",reason=\"error\"} 0.0")
        .contains("process_uptime_seconds");
  }

  @Test
  @DisplayName("filters by tenant and answers bad parameters with 400 naming the field")
  void parameters() throws Exception {
    post(failures("acme", "eu-west-1", 5, "p-"));
    awaitAlerts("/api/v1/alerts", b -> b.get("active").size() == 3);
    JsonNode acme = JSON.readTree(get("/api/v1/alerts?tenant=acme").body());
    assertThat(acme.get("active")).extracting(a -> a.get("id").asText()).containsExactly("failure-burst:tenant=acme");
    assertThat(JSON.readTree(get("/api/v1/alerts?state=recent").body()).get("active")).isEmpty();

    for (String[] bad : new String[][] {{"limit=0", "limit"}, {"limit=x", "limit"}, {"state=open", "state"}, {"tenant=", "tenant"}}) {
      HttpResponse<String> r = get("/api/v1/alerts?" + bad[0]);
      assertThat(r.statusCode()).as(bad[0]).isEqualTo(400);
      assertThat(JSON.readTree(r.body()).get("field").asText()).isEqualTo(bad[1]);
    }
  }
}
