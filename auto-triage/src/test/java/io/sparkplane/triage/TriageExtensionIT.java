package io.sparkplane.triage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.collector.CollectorConfig;
import io.sparkplane.collector.CollectorServer;
import io.sparkplane.collector.store.StoredRun;
import io.sparkplane.collector.store.h2.H2RunStore;
import io.sparkplane.triage.corpus.Corpus;
import io.sparkplane.triage.corpus.CorpusCase;
import io.sparkplane.wire.RunIdentity;
import io.sparkplane.wire.TelemetryEvent;
import io.sparkplane.wire.TelemetryJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("TriageExtension in a real collector")
class TriageExtensionIT {

  @TempDir Path dir;
  H2RunStore store;
  CollectorServer server;
  HttpClient http = HttpClient.newHttpClient();
  String base;

  @BeforeEach
  void start() {
    store = H2RunStore.open(dir, Clock.systemUTC());
    server =
        CollectorServer.builder(CollectorConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(dir))
            .store(store)
            .authenticator(token -> "acme-token".equals(token) ? java.util.Optional.of(io.sparkplane.collector.auth.TenantScope.of("acme"))
                : "other-token".equals(token) ? java.util.Optional.of(io.sparkplane.collector.auth.TenantScope.of("other"))
                : java.util.Optional.empty())
            .extension(new TriageExtension(TriageSettings.defaults()))
            .build();
    base = "http://127.0.0.1:" + server.start();
  }

  @AfterEach
  void stop() {
    server.close();
    store.close();
  }

  @Test
  @DisplayName("stores a verdict for a failed run sent over HTTP and serves it, tenant-scoped")
  void failedRunGetsVerdict() throws Exception {
    CorpusCase c = corpusCase("result-size-collect-wide-rows");
    send(c.run(), "run-a");

    JsonNode verdict = awaitVerdict("run-a", "acme-token");
    assertThat(verdict.path("class").asText()).isEqualTo("RESULT_SIZE_EXCEEDED");
    assertThat(verdict.path("trigger").asText()).isEqualTo("FAILED");
    assertThat(verdict.path("confidence").asDouble()).isGreaterThan(0.9);
    assertThat(verdict.path("summary").asText()).contains("maxResultSize").doesNotContain("\n");
    assertThat(verdict.path("evidence").get(0).path("text").asText()).contains("Total size of serialized results");
    assertThat(verdict.path("fingerprint").asText()).startsWith("RESULT_SIZE_EXCEEDED-");
    assertThat(verdict.path("remedies").get(0).path("settings").has("spark.driver.maxResultSize")).isTrue();

    assertThat(get("/api/v1/runs/run-a/triage", "other-token").statusCode()).isEqualTo(404);
    HttpResponse<String> forbidden = get("/api/v1/runs/run-a/triage?tenant=acme", "other-token");
    assertThat(forbidden.statusCode()).isEqualTo(403);
    assertThat(TelemetryJson.mapper().readTree(forbidden.body()).path("field").asText()).isEqualTo("tenant");
    assertThat(get("/api/v1/runs/run-a/triage", "bad").statusCode()).isEqualTo(401);

    String metrics = get("/metrics", "acme-token").body();
    assertThat(metrics).contains("sparkplane_triage_verdicts_total{class=\"RESULT_SIZE_EXCEEDED\",tenant=\"acme\"} 1.0");
    assertThat(metrics).contains("sparkplane_triage_fingerprint_runs_total{class=\"RESULT_SIZE_EXCEEDED\",fingerprint=\""
        + verdict.path("fingerprint").asText() + "\"} 1.0");
  }

  @Test
  @DisplayName("answers the verdict route's bad requests and store outages as the run API does: 400 naming tenant, 503 with Retry-After")
  void errorsLikeTheRunApi() throws Exception {
    for (String query : List.of("?tenant=", "?tenant=acme&tenant=acme")) {
      HttpResponse<String> bad = get("/api/v1/runs/run-a/triage" + query, "acme-token");
      assertThat(bad.statusCode()).as(query).isEqualTo(400);
      assertThat(TelemetryJson.mapper().readTree(bad.body()).path("field").asText()).isEqualTo("tenant");
    }

    store.close();
    HttpResponse<String> down = get("/api/v1/runs/run-a/triage", "acme-token");
    HttpResponse<String> runDown = get("/api/v1/runs/run-a", "acme-token");

    for (HttpResponse<String> response : List.of(down, runDown)) {
      assertThat(response.statusCode()).as(response.uri().toString()).isEqualTo(503);
      assertThat(TelemetryJson.mapper().readTree(response.body()).path("reason").asText()).isEqualTo("store_unavailable");
      assertThat(response.headers().firstValue("Retry-After")).contains("5");
    }
  }

  @Test
  @DisplayName("answers 404 with a JSON body naming runId for an unknown run and for a run without a verdict")
  void notFound() throws Exception {
    HttpResponse<String> none = get("/api/v1/runs/nope/triage", "acme-token");
    assertThat(none.statusCode()).isEqualTo(404);
    assertThat(TelemetryJson.mapper().readTree(none.body()).path("field").asText()).isEqualTo("runId");

    CorpusCase late = corpusCase("skew-join-hot-key");
    StoredRun onTime = withDeadline(late.run(), null);
    send(onTime, "run-on-time");
    Thread.sleep(1000);
    HttpResponse<String> noVerdict = get("/api/v1/runs/run-on-time/triage", "acme-token");
    assertThat(noVerdict.statusCode()).isEqualTo(404);
    assertThat(TelemetryJson.mapper().readTree(noVerdict.body()).path("reason").asText()).isEqualTo("no_verdict");
  }

  @Test
  @DisplayName("triages a successful run that missed its SLA, and gives runs of one workload and class one fingerprint")
  void slaBreachAndFingerprint() throws Exception {
    CorpusCase c = corpusCase("skew-join-hot-key");
    send(c.run(), "late-1");
    send(c.run(), "late-2");
    JsonNode v1 = awaitVerdict("late-1", "acme-token");
    JsonNode v2 = awaitVerdict("late-2", "acme-token");
    assertThat(v1.path("class").asText()).isEqualTo("DATA_SKEW");
    assertThat(v1.path("trigger").asText()).isEqualTo("SLA_BREACH");
    assertThat(v1.path("evidence").findValuesAsText("name")).contains("durationSkewRatio");
    assertThat(v1.path("evidence").get(0).path("stageId").isInt()).isTrue();
    assertThat(v1.path("fingerprint")).isEqualTo(v2.path("fingerprint"));
  }

  private CorpusCase corpusCase(String name) {
    return Corpus.load().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  private static StoredRun withDeadline(StoredRun run, Long deadline) {
    RunIdentity i = run.identity();
    RunIdentity changed = new RunIdentity(i.runId(), i.tenant(), i.region(), i.workload(), i.attempt(), i.appId(), i.appName(), deadline);
    return new StoredRun(changed, run.status(), run.submitTimeMs(), run.startTimeMs(), run.endTimeMs(), run.lastHeartbeatMs(),
        run.lastHeartbeat(), run.summary(), run.resources(), run.eventCount());
  }

  private void send(StoredRun run, String runId) throws Exception {
    RunIdentity i = run.identity();
    RunIdentity id = new RunIdentity(runId, "acme", i.region(), i.workload(), i.attempt(), i.appId(), i.appName(), i.slaDeadlineMs());
    TelemetryEvent finished = TelemetryEvent.finished(id, run.summary().timing().endTimeMs(), run.summary());
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/telemetry"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer acme-token")
                .POST(HttpRequest.BodyPublishers.ofString(TelemetryJson.toJson(List.of(finished))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
  }

  private JsonNode awaitVerdict(String runId, String token) throws Exception {
    long until = System.nanoTime() + 10_000_000_000L;
    HttpResponse<String> r = null;
    while (System.nanoTime() < until) {
      r = get("/api/v1/runs/" + runId + "/triage", token);
      if (r.statusCode() == 200) {
        JsonNode v = TelemetryJson.mapper().readTree(r.body());
        // the run itself carries the verdict too, when the collector serves attachments
        JsonNode run = TelemetryJson.mapper().readTree(get("/api/v1/runs/" + runId, token).body());
        if (run.has("attachments")) {
          assertThat(run.path("attachments").path("triage").path("class")).isEqualTo(v.path("class"));
        }
        return v;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no verdict for " + runId + ": " + (r == null ? "" : r.body()));
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static Map<String, String> none() {
    return Map.of();
  }
}
