package io.sparkplane.alerting.notify;

import static io.sparkplane.alerting.notify.NotifierFixtures.burst;
import static io.sparkplane.alerting.notify.NotifierFixtures.fastRetries;
import static io.sparkplane.alerting.notify.NotifierFixtures.notification;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sparkplane.alerting.AlertState;
import io.sparkplane.alerting.AlertingMetrics;
import io.sparkplane.alerting.testing.LocalReceiver;
import io.sparkplane.alerting.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The PagerDuty and webhook notifiers against a local HTTP receiver")
class HttpNotifiersIT {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private LocalReceiver receiver;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @BeforeEach
  void start() throws Exception {
    receiver = new LocalReceiver();
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  private PagerDutyConfig pagerDuty() {
    return new PagerDutyConfig(null, "R0UT1NGK3Y0000000000000000000000", receiver.url("/v2/enqueue"), null, null, fastRetries());
  }

  @Test
  @DisplayName("PagerDuty: a trigger event in the Events API v2 shape, with the alert key as dedup_key")
  void pagerDutyTrigger() throws Exception {
    Notifier notifier = NotifierBuilders.build(pagerDuty());
    notifier.send(notification(Notification.Kind.FIRING, burst("acme", AlertState.FIRING)));

    JsonNode body = receiver.await(1, WAIT).get(0);
    assertThat(receiver.contentTypes.get(0)).isEqualTo("application/json");
    assertThat(body.get("routing_key").asText()).isEqualTo("R0UT1NGK3Y0000000000000000000000");
    assertThat(body.get("event_action").asText()).isEqualTo("trigger");
    assertThat(body.get("dedup_key").asText()).isEqualTo("failure-burst:tenant=acme");
    JsonNode payload = body.get("payload");
    assertThat(payload.get("summary").asText())
        .isEqualTo("5 runs FAILED or LOST in 10m for tenant acme (threshold 5); mostly OOM (4 of 5)")
        .hasSizeLessThanOrEqualTo(1024);
    assertThat(payload.get("source").asText()).isEqualTo("sparkplane");
    assertThat(payload.get("severity").asText()).isIn("critical", "error", "warning", "info").isEqualTo("critical");
    assertThat(Instant.parse(payload.get("timestamp").asText())).isEqualTo(Instant.ofEpochMilli(NotifierFixtures.T0));
    assertThat(payload.get("component").asText()).isEqualTo("tenant=acme");
    assertThat(payload.get("group").asText()).isEqualTo("failure-burst");
    assertThat(payload.get("class").asText()).isEqualTo("OOM");
    JsonNode details = payload.get("custom_details");
    assertThat(details.get("count").asLong()).isEqualTo(5);
    assertThat(details.at("/classification/counts/OOM").asInt()).isEqualTo(4);
    assertThat(details.at("/classification/examples/0/summary").asText()).isEqualTo("Executor heap exhausted in stage 3");
    assertThat(details.at("/runs/1/runId").asText()).isEqualTo("run-2");
  }

  @Test
  @DisplayName("PagerDuty: a resolve event carries only routing_key, event_action and the same dedup_key")
  void pagerDutyResolve() throws Exception {
    NotifierBuilders.build(pagerDuty()).send(notification(Notification.Kind.RESOLVED, burst("acme", AlertState.RESOLVED)));
    JsonNode body = receiver.await(1, WAIT).get(0);
    assertThat(body.properties()).extracting(Map.Entry::getKey)
        .containsExactlyInAnyOrder("routing_key", "event_action", "dedup_key");
    assertThat(body.get("event_action").asText()).isEqualTo("resolve");
    assertThat(body.get("dedup_key").asText()).isEqualTo("failure-burst:tenant=acme");
  }

  @Test
  @DisplayName("retries 429 and 5xx with backoff until accepted, and gives up at once on 400")
  void retries() throws Exception {
    SettableClock clock = new SettableClock(NotifierFixtures.T0);
    AlertingMetrics metrics = new AlertingMetrics(registry);
    PagerDutyConfig config = pagerDuty();
    NotifierChannel channel =
        new NotifierChannel(config, NotifierBuilders.build(config), Duration.ofHours(4), Classifier.NONE, metrics, clock);
    receiver.answer(503, 429);
    channel.submit(Notification.Kind.FIRING, burst("acme", AlertState.FIRING), clock.millis());
    assertThat(receiver.await(3, WAIT)).hasSize(3);
    receiver.answer(400);
    channel.submit(Notification.Kind.FIRING, burst("beta", AlertState.FIRING), clock.millis());
    channel.close(WAIT);
    assertThat(receiver.bodies).hasSize(4);
    assertThat(registry.get("sparkplane.alert.notifications").tag("notifier", "pagerduty").tag("kind", "firing").counter().count())
        .isEqualTo(1);
    assertThat(registry.get("sparkplane.alert.notify.failures").tag("notifier", "pagerduty").tag("reason", "error").counter().count())
        .isEqualTo(1);
  }

  @Test
  @DisplayName("rate-limits: beyond the permits and the wait, notifications are dropped and counted")
  void rateLimit() throws Exception {
    SettableClock clock = new SettableClock(NotifierFixtures.T0);
    AlertingMetrics metrics = new AlertingMetrics(registry);
    WebhookConfig config =
        new WebhookConfig(
            "slow", receiver.url("/hook"), null, null,
            new DeliverySettings(1, Duration.ofMinutes(1), Duration.ZERO, 1, null, null, null, 100));
    NotifierChannel channel =
        new NotifierChannel(config, NotifierBuilders.build(config), Duration.ofHours(4), Classifier.NONE, metrics, clock);
    for (int i = 0; i < 5; i++) {
      channel.submit(Notification.Kind.FIRING, burst("t" + i, AlertState.FIRING), clock.millis());
    }
    channel.close(WAIT);
    assertThat(receiver.bodies).hasSize(1);
    assertThat(registry.get("sparkplane.alert.notify.failures").tag("notifier", "slow").tag("reason", "rate_limited").counter().count())
        .isEqualTo(4);
  }

  @Test
  @DisplayName("webhook: POSTs the alert as JSON with its classification and the configured headers")
  void webhook() throws Exception {
    WebhookConfig config =
        new WebhookConfig(null, receiver.url("/hook"), Map.of("X-Team", "data-platform"), null, fastRetries());
    NotifierBuilders.build(config).send(notification(Notification.Kind.FIRING, burst("acme", AlertState.FIRING)));
    JsonNode body = receiver.await(1, WAIT).get(0);
    assertThat(body.get("version").asText()).isEqualTo("1");
    assertThat(body.get("kind").asText()).isEqualTo("firing");
    assertThat(body.get("status").asText()).isEqualTo("firing");
    assertThat(body.get("headline").asText()).contains("mostly OOM");
    JsonNode alert = body.get("alert");
    assertThat(alert.get("id").asText()).isEqualTo("failure-burst:tenant=acme");
    assertThat(alert.get("alertname").asText()).isEqualTo("SparkplaneFailureBurst");
    assertThat(alert.get("scope").asText()).isEqualTo("tenant");
    assertThat(alert.get("tenant").asText()).isEqualTo("acme");
    assertThat(alert.get("level").asText()).isEqualTo("critical");
    assertThat(alert.at("/window/startMs").asLong()).isEqualTo(NotifierFixtures.T0 - 600_000);
    assertThat(alert.at("/classification/dominantClass").asText()).isEqualTo("OOM");
    assertThat(List.of(alert.get("runs").get(0).get("runId").asText())).containsExactly("run-1");
  }
}
