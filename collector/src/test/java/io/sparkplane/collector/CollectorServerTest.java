package io.sparkplane.collector;

import java.util.Map;
import static io.sparkplane.collector.TestEvents.finished;
import static io.sparkplane.collector.TestEvents.run;
import static io.sparkplane.collector.TestEvents.started;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkplane.collector.auth.TenantScope;
import io.sparkplane.collector.store.RunPage;
import io.sparkplane.collector.store.RunQuery;
import io.sparkplane.collector.store.RunStore;
import io.sparkplane.collector.store.StoreException;
import io.sparkplane.collector.store.StoreResult;
import io.sparkplane.collector.store.StoredRun;
import io.sparkplane.wire.RunIdentity;
import io.sparkplane.wire.RunStatus;
import io.sparkplane.wire.TelemetryEvent;
import io.sparkplane.wire.TelemetryJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The collector over real HTTP on a free port, with the H2 store in a temporary directory. */
@DisplayName("CollectorServer")
class CollectorServerTest {

  private static final long T0 = Instant.parse("2025-06-01T00:00:00Z").toEpochMilli();
  private static final int MAX_PAYLOAD = 64 * 1024;

  @TempDir Path dataDir;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private CollectorServer server;
  private URI base;

  @BeforeEach
  void startServer() {
    start(CollectorServer.builder(config()));
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private CollectorConfig config() {
    return CollectorConfig.defaults()
        .withHost("127.0.0.1")
        .withPort(0)
        .withDataDir(dataDir)
        .withMaxPayloadBytes(MAX_PAYLOAD)
        .withShutdownTimeout(Duration.ofSeconds(2));
  }

  private void start(CollectorServer.Builder builder) {
    server = builder.build();
    int port = server.start();
    assertThat(port).isPositive();
    base = URI.create("http://127.0.0.1:" + port);
  }

  @Test
  @DisplayName("A started and a finished event are stored and read back as one finished run")
  void ingestAndReadBack() throws Exception {
    RunIdentity id = run("acme", "run-1");
    byte[] body = json(List.of(started(id, T0), finished(id, T0, RunStatus.SUCCEEDED)));

    HttpResponse<String> post = post(body, "application/json", null);

    assertThat(post.statusCode()).isEqualTo(200);
    assertThat(tree(post)).isEqualTo(tree("{\"accepted\":2,\"duplicates\":0}"));
    HttpResponse<String> get = get("/api/v1/runs/run-1?tenant=acme");
    assertThat(get.statusCode()).isEqualTo(200);
    StoredRun run = TelemetryJson.mapper().readValue(get.body(), StoredRun.class);
    assertThat(run.identity()).isEqualTo(id);
    assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(run.summary()).isEqualTo(TestEvents.summary(T0, RunStatus.SUCCEEDED));
    assertThat(run.eventCount()).isEqualTo(2);
  }

  @Test
  @DisplayName("Sending the same events again is absorbed and answered as duplicates")
  void duplicatesAbsorbed() throws Exception {
    RunIdentity id = run("acme", "run-1");
    byte[] body = json(List.of(started(id, T0), finished(id, T0, RunStatus.FAILED)));
    post(body, "application/json", null);

    HttpResponse<String> again = post(body, "application/json", null);

    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(tree(again)).isEqualTo(tree("{\"accepted\":0,\"duplicates\":2}"));
    assertThat(tree(get("/api/v1/runs/run-1")).get("eventCount").asInt()).isEqualTo(2);
  }

  @Test
  @DisplayName("A gzip-compressed body is accepted")
  void gzipBody() throws Exception {
    byte[] body = json(List.of(started(run("acme", "run-gz"), T0)));

    HttpResponse<String> post = post(gzip(body), "application/json", "gzip");

    assertThat(post.statusCode()).isEqualTo(200);
    assertThat(tree(post).get("accepted").asInt()).isEqualTo(1);
    assertThat(get("/api/v1/runs/run-gz").statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("An NDJSON body with one event per line is accepted")
  void ndjsonBody() throws Exception {
    RunIdentity id = run("acme", "run-nd");
    String ndjson =
        TelemetryJson.toJson(started(id, T0))
            + "\n\n"
            + TelemetryJson.toJson(TestEvents.heartbeat(id, T0 + 1000, 7))
            + "\r\n"
            + TelemetryJson.toJson(finished(id, T0, RunStatus.SUCCEEDED))
            + "\n";

    HttpResponse<String> post =
        post(ndjson.getBytes(StandardCharsets.UTF_8), "application/x-ndjson", null);

    assertThat(post.statusCode()).isEqualTo(200);
    assertThat(tree(post).get("accepted").asInt()).isEqualTo(3);
  }

  @Test
  @DisplayName("A single event object, not in an array, is accepted")
  void singleObject() throws Exception {
    HttpResponse<String> post =
        post(TelemetryJson.toBytes(started(run("acme", "one"), T0)), "application/json; charset=utf-8", null);

    assertThat(post.statusCode()).isEqualTo(200);
    assertThat(tree(post).get("accepted").asInt()).isEqualTo(1);
  }

  @Nested
  @DisplayName("Bad input")
  class BadInput {

    @Test
    @DisplayName("Malformed JSON gets 400 naming where parsing failed")
    void malformedJson() throws Exception {
      HttpResponse<String> post =
          post("{\"eventId\": \"x\", \"run\": {\"tenant\": }}".getBytes(StandardCharsets.UTF_8), "application/json", null);

      assertError(post, 400, "malformed_json", "$.run.tenant");
    }

    @Test
    @DisplayName("A schema violation gets 400 naming the field, e.g. attempt = 0")
    void schemaViolation() throws Exception {
      ObjectNode event = (ObjectNode) TelemetryJson.mapper().valueToTree(started(run("acme", "r"), T0));
      ((ObjectNode) event.get("run")).put("attempt", 0);

      HttpResponse<String> post = post(event.toString().getBytes(StandardCharsets.UTF_8), "application/json", null);

      assertError(post, 400, "schema_violation", "$.run.attempt");
      assertThat(tree(post).get("error").asText()).contains("attempt");
      assertThat(tree(post).get("index").asInt()).isZero();
    }

    @Test
    @DisplayName("A missing required field is named itself, with the index of the event in the batch")
    void missingRequiredField() throws Exception {
      ObjectNode bad = (ObjectNode) TelemetryJson.mapper().valueToTree(started(run("acme", "r2"), T0));
      ((ObjectNode) bad.get("run")).remove("tenant");
      String body = "[" + TelemetryJson.toJson(started(run("acme", "r1"), T0)) + "," + bad + "]";

      HttpResponse<String> post = post(body.getBytes(StandardCharsets.UTF_8), "application/json", null);

      assertError(post, 400, "schema_violation", "$.run.tenant");
      assertThat(tree(post).get("index").asInt()).isEqualTo(1);
      assertThat(get("/api/v1/runs/r1").statusCode()).as("nothing of the batch is stored").isEqualTo(404);
    }

    @Test
    @DisplayName("An unknown content type gets 415")
    void unknownContentType() throws Exception {
      HttpResponse<String> post = post("hello".getBytes(StandardCharsets.UTF_8), "text/plain", null);

      assertError(post, 415, "unsupported_media_type", "Content-Type");
    }

    @Test
    @DisplayName("An unknown content encoding gets 415")
    void unknownContentEncoding() throws Exception {
      HttpResponse<String> post = post("{}".getBytes(StandardCharsets.UTF_8), "application/json", "br");

      assertError(post, 415, "unsupported_media_type", "Content-Encoding");
    }

    @Test
    @DisplayName("A body above maxPayloadBytes gets 413")
    void oversized() throws Exception {
      byte[] body = new byte[MAX_PAYLOAD + 1];
      Arrays.fill(body, (byte) ' ');

      HttpResponse<String> post = post(body, "application/json", null);

      assertError(post, 413, "payload_too_large", "body");
    }

    @Test
    @DisplayName("A small gzip body that decompresses above maxPayloadBytes (a gzip bomb) gets 413")
    void gzipBomb() throws Exception {
      byte[] bomb = gzip(new byte[50 * MAX_PAYLOAD]);
      assertThat(bomb.length).isLessThan(MAX_PAYLOAD / 10);

      HttpResponse<String> post = post(bomb, "application/json", "gzip");

      assertError(post, 413, "payload_too_large", "body");
    }

    @Test
    @DisplayName("A truncated gzip body gets 400")
    void truncatedGzip() throws Exception {
      byte[] full = gzip(json(List.of(started(run("acme", "r"), T0))));
      byte[] truncated = Arrays.copyOf(full, full.length / 2);

      HttpResponse<String> post = post(truncated, "application/json", "gzip");

      assertError(post, 400, "bad_encoding", "Content-Encoding");
    }

    @Test
    @DisplayName("An empty body gets 400")
    void emptyBody() throws Exception {
      assertError(post(new byte[0], "application/json", null), 400, "malformed_json", "$");
    }

    @Test
    @DisplayName("A malformed NDJSON line gets 400 with the line number and event index")
    void malformedNdjsonLine() throws Exception {
      String ndjson = TelemetryJson.toJson(started(run("acme", "r"), T0)) + "\n{nope\n";

      HttpResponse<String> post = post(ndjson.getBytes(StandardCharsets.UTF_8), "application/x-ndjson", null);

      assertError(post, 400, "malformed_json", "$");
      assertThat(tree(post).get("error").asText()).startsWith("line 2:");
      assertThat(tree(post).get("index").asInt()).isEqualTo(1);
    }

    @Test
    @DisplayName("A non-bearer Authorization header gets 401")
    void badAuthorization() throws Exception {
      HttpRequest request =
          HttpRequest.newBuilder(base.resolve("/api/v1/telemetry"))
              .header("Content-Type", "application/json")
              .header("Authorization", "Basic Zm9vOmJhcg==")
              .POST(HttpRequest.BodyPublishers.ofString("[]"))
              .build();

      assertError(http.send(request, HttpResponse.BodyHandlers.ofString()), 401, "unauthorized", "Authorization");
    }

    @Test
    @DisplayName("Bad query parameters get 400 naming the parameter")
    void badQueryParameters() throws Exception {
      assertError(get("/api/v1/runs?status=FOO"), 400, "invalid_parameter", "status");
      assertError(get("/api/v1/runs?limit=0"), 400, "invalid_parameter", "limit");
      assertError(get("/api/v1/runs?limit=501"), 400, "invalid_parameter", "limit");
      assertError(get("/api/v1/runs?limit=ten"), 400, "invalid_parameter", "limit");
      assertError(get("/api/v1/runs?from=yesterday"), 400, "invalid_parameter", "from");
      assertError(get("/api/v1/runs?cursor=garbage"), 400, "invalid_parameter", "cursor");
      assertError(get("/api/v1/runs?tenant=acme&tenant=other"), 400, "invalid_parameter", "tenant");
      assertError(get("/api/v1/runs/r?tenant=acme&tenant=other"), 400, "invalid_parameter", "tenant");
      assertError(get("/api/v1/runs/r?tenant="), 400, "invalid_parameter", "tenant");
    }

    @Test
    @DisplayName("An unknown run gets 404 with a JSON body")
    void unknownRun() throws Exception {
      assertError(get("/api/v1/runs/nope"), 404, "not_found", "runId");
    }

    @Test
    @DisplayName("Rejections are counted by reason")
    void rejectionsCounted() throws Exception {
      post("hello".getBytes(StandardCharsets.UTF_8), "text/plain", null);

      String metrics = get("/metrics").body();
      assertThat(metrics)
          .contains("sparkplane_ingest_rejected_total{reason=\"unsupported_media_type\"} 1.0")
          .contains("sparkplane_ingest_rejected_total{reason=\"schema_violation\"} 0.0");
    }
  }

  @Test
  @DisplayName("Runs are listed with filters and paged with nextCursor")
  void listRuns() throws Exception {
    post(
        json(
            List.of(
                started(run("acme", "a"), T0),
                started(run("acme", "b"), T0 + 1000),
                started(run("acme", "c"), T0 + 2000),
                started(run("globex", "d"), T0 + 3000))),
        "application/json",
        null);

    JsonNode first = tree(get("/api/v1/runs?tenant=acme&limit=2"));
    assertThat(first.get("runs")).extracting(r -> r.get("identity").get("runId").asText()).containsExactly("c", "b");
    String cursor = first.get("nextCursor").asText();
    JsonNode second = tree(get("/api/v1/runs?tenant=acme&limit=2&cursor=" + cursor));
    assertThat(second.get("runs")).extracting(r -> r.get("identity").get("runId").asText()).containsExactly("a");
    assertThat(second.get("nextCursor").isNull()).isTrue();

    JsonNode range = tree(get("/api/v1/runs?from=" + Instant.ofEpochMilli(T0 + 1000) + "&to=" + (T0 + 3000)));
    assertThat(range.get("runs")).extracting(r -> r.get("identity").get("runId").asText()).containsExactly("c", "b");
  }

  @Test
  @DisplayName("/metrics exposes the ingest counters with their values")
  void metrics() throws Exception {
    RunIdentity id = run("acme", "run-m");
    TelemetryEvent start = started(id, T0);
    post(json(List.of(start, finished(id, T0, RunStatus.FAILED))), "application/json", null);
    post(json(List.of(start)), "application/json", null);

    HttpResponse<String> metrics = get("/metrics");

    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
    assertThat(metrics.body())
        .contains("sparkplane_ingest_events_total{outcome=\"accepted\",type=\"RUN_STARTED\"} 1.0")
        .contains("sparkplane_ingest_events_total{outcome=\"duplicate\",type=\"RUN_STARTED\"} 1.0")
        .contains("sparkplane_ingest_events_total{outcome=\"accepted\",type=\"RUN_FINISHED\"} 1.0")
        .contains("sparkplane_runs_finished_total{region=\"eu-west-1\",status=\"FAILED\",tenant=\"acme\"} 1.0")
        .contains("sparkplane_store_operation_seconds_bucket")
        .contains("sparkplane_store_operation_seconds_count{operation=\"append\",outcome=\"ok\"} 2")
        .contains("sparkplane_ingest_request_seconds_count{outcome=\"accepted\"} 2")
        .contains("sparkplane_ingest_payload_bytes_count 2");
  }

  @Test
  @DisplayName("/metrics has the run-duration histogram by region, the store's health and the JVM's own meters")
  void runDurationStoreHealthAndJvm() throws Exception {
    RunIdentity id = run("acme", "run-d");
    post(json(List.of(started(id, T0), finished(id, T0, RunStatus.SUCCEEDED))), "application/json", null);

    String body = get("/metrics").body();

    assertThat(body)
        .as("59.9 s: above the 30 s bound, within the 1 min bound")
        .contains("sparkplane_run_duration_seconds_bucket{region=\"eu-west-1\",le=\"30.0\"} 0")
        .contains("sparkplane_run_duration_seconds_bucket{region=\"eu-west-1\",le=\"60.0\"} 1")
        .contains("sparkplane_run_duration_seconds_bucket{region=\"eu-west-1\",le=\"86400.0\"} 1")
        .contains("sparkplane_run_duration_seconds_count{region=\"eu-west-1\"} 1")
        .contains("sparkplane_run_duration_seconds_sum{region=\"eu-west-1\"} 59.9")
        .contains("sparkplane_store_healthy 1.0")
        .contains("jvm_memory_used_bytes{area=\"heap\"")
        .contains("jvm_memory_max_bytes{area=\"heap\"")
        .contains("jvm_threads_live_threads ")
        .contains("jvm_classes_loaded_classes ")
        .contains("process_cpu_usage ");
  }

  @Test
  @DisplayName("Health: live is always 200, ready is 200 while the store is healthy")
  void health() throws Exception {
    HttpResponse<String> live = get("/health/live");
    HttpResponse<String> ready = get("/health/ready");

    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(tree(live).get("status").asText()).isEqualTo("UP");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(tree(ready).get("status").asText()).isEqualTo("UP");
  }

  @Test
  @DisplayName("The store survives a restart on the same data directory")
  void survivesRestart() throws Exception {
    RunIdentity id = run("acme", "run-r");
    post(json(List.of(started(id, T0), finished(id, T0, RunStatus.SUCCEEDED))), "application/json", null);
    server.close();

    start(CollectorServer.builder(config()));

    HttpResponse<String> get = get("/api/v1/runs/run-r?tenant=acme");
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(tree(get).get("status").asText()).isEqualTo("SUCCEEDED");
  }

  @Nested
  @DisplayName("With a failing store")
  class FailingStore {

    @BeforeEach
    void restartOnFailingStore() {
      server.close();
      start(CollectorServer.builder(config()).store(new BrokenStore()));
    }

    @Test
    @DisplayName("ingest and the run API answer 503 with Retry-After and ready answers 503")
    void storeFailure() throws Exception {
      HttpResponse<String> post = post(json(List.of(started(run("acme", "r"), T0))), "application/json", null);

      assertError(post, 503, "store_unavailable", null);
      assertThat(post.headers().firstValue("Retry-After")).contains("5");
      assertThat(get("/health/ready").statusCode()).isEqualTo(503);
      assertThat(get("/health/live").statusCode()).isEqualTo(200);
      HttpResponse<String> list = get("/api/v1/runs");
      assertError(list, 503, "store_unavailable", null);
      assertThat(list.headers().firstValue("Retry-After")).contains("5");
      HttpResponse<String> one = get("/api/v1/runs/r");
      assertError(one, 503, "store_unavailable", null);
      assertThat(one.headers().firstValue("Retry-After")).contains("5");
    }
  }

  @Nested
  @DisplayName("With a per-tenant authenticator")
  class TenantTokens {

    @BeforeEach
    void restartWithTokens() {
      server.close();
      start(
          CollectorServer.builder(config())
              .authenticator(
                  token -> "acme-token".equals(token) ? Optional.of(TenantScope.of("acme")) : Optional.empty()));
    }

    @Test
    @DisplayName("a token admits its own tenant only")
    void tokenScopesTenant() throws Exception {
      byte[] acme = json(List.of(started(run("acme", "r"), T0)));
      byte[] globex = json(List.of(started(run("globex", "g"), T0)));

      assertThat(send(acme, null).statusCode()).isEqualTo(401);
      assertThat(send(acme, "Bearer wrong").statusCode()).isEqualTo(401);
      assertThat(send(acme, "Bearer acme-token").statusCode()).isEqualTo(200);
      assertError(send(globex, "Bearer acme-token"), 403, "forbidden", "$.run.tenant");
    }

    private HttpResponse<String> send(byte[] body, @Nullable String authorization) throws Exception {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(base.resolve("/api/v1/telemetry"))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(body));
      if (authorization != null) {
        request.header("Authorization", authorization);
      }
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
  }

  private void assertError(HttpResponse<String> response, int status, String reason, @Nullable String field)
      throws IOException {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    JsonNode body = tree(response);
    assertThat(body.get("reason").asText()).isEqualTo(reason);
    assertThat(body.get("error").asText()).isNotBlank();
    assertThat(body.has("field")).isTrue();
    if (field == null) {
      assertThat(body.get("field").isNull()).isTrue();
    } else {
      assertThat(body.get("field").asText()).isEqualTo(field);
    }
  }

  private HttpResponse<String> post(byte[] body, String contentType, @Nullable String encoding)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve("/api/v1/telemetry"))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (encoding != null) {
      request.header("Content-Encoding", encoding);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] json(List<TelemetryEvent> events) {
    return TelemetryJson.toBytes(events);
  }

  private static JsonNode tree(HttpResponse<String> response) throws IOException {
    return tree(response.body());
  }

  private static JsonNode tree(String json) throws IOException {
    return TelemetryJson.mapper().readTree(json);
  }

  private static byte[] gzip(byte[] plain) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(plain);
    }
    return out.toByteArray();
  }

  /** A store whose every operation fails, as a full disk or a dead Elasticsearch would. */
  private static final class BrokenStore implements RunStore {
    @Override
    public StoreResult append(List<TelemetryEvent> events) {
      throw new StoreException("disk full");
    }

    @Override
    public Optional<StoredRun> findRun(@Nullable String tenant, String runId) {
      throw new StoreException("disk full");
    }

    @Override
    public RunPage listRuns(RunQuery query) {
      throw new StoreException("disk full");
    }

    @Override
    public void putAttachment(String tenant, String runId, String name, JsonNode document) {
      throw new StoreException("disk full");
    }

    @Override
    public Map<String, JsonNode> attachments(String tenant, String runId) {
      throw new StoreException("disk full");
    }

    @Override
    public List<StoredRun> markLost(Instant receivedBefore, int limit) {
      throw new StoreException("disk full");
    }

    @Override
    public boolean isHealthy() {
      return false;
    }

    @Override
    public void close() {}
  }
}
