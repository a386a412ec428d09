package io.sparkplane.triage.retry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.sparkplane.collector.CollectorConfig;
import io.sparkplane.collector.CollectorServer;
import io.sparkplane.collector.auth.TenantScope;
import io.sparkplane.collector.store.StoredRun;
import io.sparkplane.collector.store.h2.H2RunStore;
import io.sparkplane.triage.TriageExtension;
import io.sparkplane.triage.TriageSettings;
import io.sparkplane.wire.RunStatus;
import io.sparkplane.wire.TelemetryEvent;
import io.sparkplane.wire.TelemetryJson;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("RetryExtension in a real collector, calling a real webhook")
class RetryExtensionIT {

  @TempDir Path dir;
  H2RunStore store;
  CollectorServer server;
  HttpServer engine;
  final HttpClient http = HttpClient.newHttpClient();
  final List<JsonNode> received = new CopyOnWriteArrayList<>();
  final List<String> idempotencyKeys = new CopyOnWriteArrayList<>();
  final AtomicInteger failFirst = new AtomicInteger();
  String base;

  void start(boolean engineUp) throws Exception {
    engine = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    engine.createContext("/retries", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      int status = failFirst.getAndDecrement() > 0 ? 503 : 202;
      if (status == 202) {
        received.add(TelemetryJson.mapper().readTree(body));
        idempotencyKeys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
      }
      byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    engine.start();
    int port = engine.getAddress().getPort();
    if (!engineUp) {
      engine.stop(0);
    }
    RetrySettings settings = RetrySettings.fromProperties(Map.of(
        "retry.webhook.url", "http://127.0.0.1:" + port + "/retries",
        "retry.backoff.initial", "100ms", "retry.webhook.backoff.initial", "100ms", "retry.webhook.backoff.max", "200ms",
        "retry.webhook.maxAttempts", "20", "retry.webhook.timeout", "2s"));
    store = H2RunStore.open(dir, Clock.systemUTC());
    server = CollectorServer.builder(CollectorConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(dir))
        .store(store)
        .authenticator(token -> "acme-token".equals(token) ? Optional.of(TenantScope.of("acme")) : Optional.empty())
        .extension(new TriageExtension(TriageSettings.defaults()))
        .extension(new RetryExtension(settings))
        .build();
    base = "http://127.0.0.1:" + server.start();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
      store.close();
    }
    if (engine != null) {
      engine.stop(0);
    }
  }

  @Test
  @DisplayName("a failed skewed run is retried through the webhook with its salting plan, once, after a 503")
  void retriedThroughWebhook() throws Exception {
    failFirst.set(1);
    start(true);
    send(RetryFixtures.failedRun("seg-1", 1, System.currentTimeMillis() + 600_000));

    JsonNode decision = awaitDecision("seg-1", "DELIVERED");
    assertThat(decision.path("decision").asText()).isEqualTo("RETRIED");
    assertThat(decision.path("reason").asText()).isEqualTo("FITS_DEADLINE");
    assertThat(decision.path("class").asText()).isEqualTo("DATA_SKEW");
    assertThat(decision.path("predictionSource").asText()).isEqualTo("failed_run");
    assertThat(decision.path("delivery").path("attempts").asInt()).isEqualTo(2);
    assertThat(received).hasSize(1);
    JsonNode request = received.get(0);
    assertThat(request.path("retryRunId").asText()).isEqualTo("seg-1-attempt-2");
    assertThat(request.path("attempt").asInt()).isEqualTo(2);
    assertThat(request.path("salting").path("keys").get(0).asText()).isEqualTo("customer_id");
    assertThat(request.path("confOverrides").path("spark.sql.adaptive.skewJoin.enabled").asText()).isEqualTo("true");
    assertThat(idempotencyKeys).containsExactly(request.path("retryId").asText());

    JsonNode run = TelemetryJson.mapper().readTree(get("/api/v1/runs/seg-1").body());
    assertThat(run.path("attachments").path("retry").path("retryId")).isEqualTo(request.path("retryId"));
    String metrics = get("/metrics").body();
    assertThat(metrics).contains("sparkplane_retry_decisions_total{decision=\"retried\",reason=\"fits_deadline\",tenant=\"acme\"} 1.0");
    assertThat(metrics).contains("sparkplane_retry_deliveries_total{outcome=\"delivered\"} 1.0");
    assertThat(metrics).contains("sparkplane_retry_time_saved_seconds_total 0.0");

    // a run that only looks like a retry (no decision announced it) is not counted; the collector hands runs to extensions in order
    send(RetryFixtures.run("other-attempt-2", 2, null, RunStatus.SUCCEEDED, RetryFixtures.resources(4096L, 4, null)));
    // the engine ran the retry under the announced run id; it succeeded a minute after the failure
    send(RetryFixtures.run("seg-1-attempt-2", 2, System.currentTimeMillis() + 600_000, RunStatus.SUCCEEDED,
        RetryFixtures.resources(4096L, 4, null), RetryFixtures.START + 20_000 + RetryFixtures.DURATION));
    String after = awaitMetric("sparkplane_retry_outcomes_total{outcome=\"succeeded\",tenant=\"acme\"} 1.0");
    assertThat(after).contains("sparkplane_retry_time_saved_seconds_total 60.0");
  }

  @Test
  @DisplayName("a retry whose webhook stays down until the SLA window closes is marked skipped with the reason")
  void deliveryGivesUpWithTheWindow() throws Exception {
    start(false);
    // 40 s predicted from the failed run's own duration; the window closes 3 s from now
    send(RetryFixtures.failedRun("seg-2", 1, System.currentTimeMillis() + 43_500));

    JsonNode decision = awaitDecision("seg-2", "FAILED");
    assertThat(decision.path("decision").asText()).isEqualTo("SKIPPED");
    assertThat(decision.path("reason").asText()).isEqualTo("DELIVERY_FAILED");
    assertThat(decision.path("detail").asText()).contains("while the SLA window allowed");
    assertThat(decision.path("delivery").path("attempts").asInt()).isBetween(2, 19);
    assertThat(get("/metrics").body())
        .contains("sparkplane_retry_decisions_total{decision=\"skipped\",reason=\"delivery_failed\",tenant=\"acme\"} 1.0");
  }

  @Test
  @DisplayName("answers 404 naming runId for an unknown run and a run without a decision")
  void notFound() throws Exception {
    start(true);
    HttpResponse<String> none = get("/api/v1/runs/nope/retries");
    assertThat(none.statusCode()).isEqualTo(404);
    assertThat(TelemetryJson.mapper().readTree(none.body()).path("field").asText()).isEqualTo("runId");
  }

  private void send(StoredRun run) throws Exception {
    TelemetryEvent finished = TelemetryEvent.finished(run.identity(), run.summary().timing().endTimeMs(), run.summary());
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/telemetry"))
            .header("Content-Type", "application/json").header("Authorization", "Bearer acme-token")
            .POST(HttpRequest.BodyPublishers.ofString(TelemetryJson.toJson(List.of(finished)))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
  }

  private JsonNode awaitDecision(String runId, String deliveryStatus) throws Exception {
    long until = System.nanoTime() + 30_000_000_000L;
    String last = "";
    while (System.nanoTime() < until) {
      HttpResponse<String> r = get("/api/v1/runs/" + runId + "/retries");
      last = r.body();
      if (r.statusCode() == 200) {
        JsonNode d = TelemetryJson.mapper().readTree(r.body());
        if (d.path("delivery").path("status").asText().equals(deliveryStatus)) {
          return d;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no decision with delivery " + deliveryStatus + " for " + runId + ": " + last);
  }

  private String awaitMetric(String line) throws Exception {
    long until = System.nanoTime() + 30_000_000_000L;
    String metrics = "";
    while (System.nanoTime() < until) {
      metrics = get("/metrics").body();
      if (metrics.contains(line)) {
        return metrics;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("never scraped " + line + " in:\n" + metrics);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer acme-token").GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
