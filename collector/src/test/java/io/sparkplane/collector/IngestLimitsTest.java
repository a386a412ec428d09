package io.sparkplane.collector;

import static io.sparkplane.collector.TestEvents.heartbeat;
import static io.sparkplane.collector.TestEvents.run;
import static io.sparkplane.collector.TestEvents.started;
import static io.sparkplane.collector.TestHttp.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.collector.auth.GeneratedToken;
import io.sparkplane.collector.auth.TenantScope;
import io.sparkplane.collector.auth.TenantTokens;
import io.sparkplane.collector.ingest.IngestLimits;
import io.sparkplane.collector.store.ForwardingRunStore;
import io.sparkplane.collector.store.RunStore;
import io.sparkplane.collector.store.StoreResult;
import io.sparkplane.collector.store.h2.H2RunStore;
import io.sparkplane.wire.RunIdentity;
import io.sparkplane.wire.TelemetryEvent;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-tenant rate limits and JSON size limits, over real HTTP. */
@DisplayName("Ingest limits")
class IngestLimitsTest {

  private static final long T0 = Instant.parse("2025-06-01T00:00:00Z").toEpochMilli();

  @TempDir Path dir;

  private final GeneratedToken acme = TenantTokens.generate();
  private final GeneratedToken globex = TenantTokens.generate();
  private final GeneratedToken operator = TenantTokens.generate();
  private CollectorServer server;
  private TestHttp http;

  private void start(IngestLimits limits) {
    start(limits, CollectorServer.builder(config(limits)));
  }

  private CollectorConfig config(IngestLimits limits) {
    return CollectorConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(dir).withIngestLimits(limits);
  }

  private void start(IngestLimits limits, CollectorServer.Builder builder) {
    server =
        builder
            .authenticator(
                token -> {
                  if (acme.token().equals(token)) {
                    return Optional.of(TenantScope.of("acme"));
                  }
                  if (globex.token().equals(token)) {
                    return Optional.of(TenantScope.of("globex"));
                  }
                  return operator.token().equals(token) ? Optional.of(TenantScope.ALL) : Optional.empty();
                })
            .build();
    http = new TestHttp(server.start());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  @DisplayName("A tenant past its burst gets 429 with Retry-After and a JSON body; other tenants are not slowed")
  void rateLimit() throws Exception {
    start(IngestLimits.defaults().withTenantRate(1, 3));

    assertThat(http.postEvents(beats("acme", "a", 3), acme.token()).statusCode()).isEqualTo(200);
    HttpResponse<String> throttled = http.postEvents(beats("acme", "b", 3), acme.token());

    JsonNode body = assertError(throttled, 429, "rate_limited", "Authorization");
    assertThat(body.path("error").asText()).contains("tenantEventsPerSecond");
    assertThat(throttled.headers().firstValue("Retry-After"))
        .hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isBetween(1, 3));
    assertThat(http.postEvents(beats("globex", "g", 3), globex.token()).statusCode())
        .as("another tenant has its own bucket")
        .isEqualTo(200);
    for (int i = 0; i < 5; i++) {
      assertThat(http.postEvents(beats("acme", "op" + i, 3), operator.token()).statusCode())
          .as("operator tokens are not limited")
          .isEqualTo(200);
    }
    assertThat(http.get("/metrics", null).body())
        .contains("sparkplane_ingest_throttled_total{tenant=\"acme\"} 1.0")
        .contains("sparkplane_ingest_rejected_total{reason=\"rate_limited\"} 1.0");
  }

  @Test
  @DisplayName("JSON nested deeper than maxJsonDepth is refused with 400 naming the limit")
  void depthLimit() throws Exception {
    start(IngestLimits.defaults().withMaxJsonDepth(8));
    byte[] deep = "[[[[[[[[[[{}]]]]]]]]]]".getBytes(StandardCharsets.UTF_8);

    JsonNode body = assertError(http.post(deep, acme.token(), null), 400, "limit_exceeded", null);

    assertThat(body.path("error").asText()).contains("maxJsonDepth").contains("8");
    assertThat(http.postEvents(List.of(started(run("acme", "ok"), T0)), acme.token()).statusCode())
        .as("a real event nests less than 8 deep")
        .isEqualTo(200);
  }

  @Test
  @DisplayName("An event with more fields than maxFieldsPerEvent is refused with 400 naming the limit and the event")
  void fieldLimit() throws Exception {
    start(IngestLimits.defaults().withMaxFieldsPerEvent(10));

    HttpResponse<String> response =
        http.postEvents(List.of(started(run("acme", "wide"), T0)), acme.token());

    JsonNode body = assertError(response, 400, "limit_exceeded", "$");
    assertThat(body.path("error").asText()).contains("maxFieldsPerEvent").contains("10");
    assertThat(body.path("index").asInt()).isZero();
  }

  @Test
  @DisplayName("Past maxInflightPayloadBytes held by requests in progress, a request gets 503 overloaded with Retry-After; smaller ones still fit, and once bytes are released it is accepted")
  void inflightLimit() throws Exception {
    List<TelemetryEvent> large = beats("acme", "large", 60);
    List<TelemetryEvent> second = beats("acme", "second", 60);
    List<TelemetryEvent> small = beats("acme", "small", 1);
    int largeBytes = io.sparkplane.wire.TelemetryJson.toBytes(large).length;
    // room for one large body and a small one, not for two large ones
    IngestLimits limits = IngestLimits.defaults().withMaxInflightPayloadBytes(largeBytes * 3 / 2);
    try (H2RunStore h2 = H2RunStore.open(dir.resolve("store"), Clock.systemUTC())) {
      FirstAppendHeld store = new FirstAppendHeld(h2);
      start(limits, CollectorServer.builder(config(limits)).store(store));

      CompletableFuture<HttpResponse<String>> held =
          CompletableFuture.supplyAsync(() -> postQuietly(large));
      assertThat(store.entered.await(10, TimeUnit.SECONDS)).as("first request reached the store").isTrue();

      HttpResponse<String> refused = http.postEvents(second, operator.token());
      JsonNode body = assertError(refused, 503, "overloaded", "body");
      assertThat(body.path("error").asText()).contains("maxInflightPayloadBytes");
      assertThat(refused.headers().firstValue("Retry-After")).contains("5");
      assertThat(http.postEvents(small, operator.token()).statusCode()).as("a small body still fits").isEqualTo(200);
      assertThat(http.get("/metrics", null).body())
          .contains("sparkplane_ingest_inflight_payload_bytes " + (double) largeBytes)
          .contains("sparkplane_ingest_rejected_total{reason=\"overloaded\"} 1.0");

      store.release.countDown();
      assertThat(held.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      assertThat(http.postEvents(second, operator.token()).statusCode()).as("accepted once released").isEqualTo(200);
      assertThat(http.get("/metrics", null).body()).contains("sparkplane_ingest_inflight_payload_bytes 0.0");
      assertThat(h2.findRun("acme", "second")).hasValueSatisfying(r -> assertThat(r.eventCount()).isEqualTo(60));
      server.close();
      server = null;
    }
  }

  private HttpResponse<String> postQuietly(List<TelemetryEvent> events) {
    try {
      return http.postEvents(events, operator.token());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The real store, except that its first append waits until {@link #release} opens. */
  private static final class FirstAppendHeld extends ForwardingRunStore {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    private final AtomicBoolean first = new AtomicBoolean(true);

    FirstAppendHeld(RunStore delegate) {
      super(delegate);
    }

    @Override
    public StoreResult append(List<TelemetryEvent> events) {
      if (first.compareAndSet(true, false)) {
        entered.countDown();
        try {
          if (!release.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("never released");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      return super.append(events);
    }
  }

  private static List<TelemetryEvent> beats(String tenant, String runId, int count) {
    RunIdentity id = run(tenant, runId);
    return java.util.stream.IntStream.range(0, count)
        .mapToObj(i -> heartbeat(id, T0 + i, i))
        .toList();
  }
}
