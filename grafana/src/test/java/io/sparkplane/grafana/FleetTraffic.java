package io.sparkplane.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkplane.estimator.EstimateRequest;
import io.sparkplane.estimator.EstimateRequestJson;
import io.sparkplane.estimator.synthetic.SyntheticHistory;
import io.sparkplane.estimator.synthetic.SyntheticRun;
import io.sparkplane.replay.EventLogReplayer;
import io.sparkplane.replay.ReplayOptions;
import io.sparkplane.wire.EventType;
import io.sparkplane.wire.Failure;
import io.sparkplane.wire.Heartbeat;
import io.sparkplane.wire.ListenerCost;
import io.sparkplane.wire.ListenerStats;
import io.sparkplane.wire.Progress;
import io.sparkplane.wire.RunIdentity;
import io.sparkplane.wire.RunStarted;
import io.sparkplane.wire.RunStatus;
import io.sparkplane.wire.RunSummary;
import io.sparkplane.wire.TaskFailureCount;
import io.sparkplane.wire.TelemetryEvent;
import io.sparkplane.wire.TelemetryJson;
import io.sparkplane.wire.Timing;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Drives a collector the way a fleet does: replayed Spark event logs under several tenants and
 * regions, failed runs with Spark's own error texts, a run past its SLA deadline, a driver that
 * goes silent, a tenant over its rate limit, a malformed request, retries of failed runs run by
 * the engine, and the estimator's life (history, training, estimates, a challenger in shadow, runs
 * sized by an estimate).
 */
final class FleetTraffic {

  static final String ADMIN = "admin";
  static final String NOISY_TENANT = "acme";

  /** The token a tenant's own drivers use (listed in the tenants file for {@link #NOISY_TENANT}). */
  static String tenantToken(String tenant) {
    return "t-" + tenant;
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] EVENT_LOGS = {"rapids_join_eventlog.json", "sparklens_local-1532512550423", "sparklint_event_log_1"};
  private static final String[][] FAILURES = {
    {"org.apache.spark.SparkException",
        "Job aborted due to stage failure: Task 3 in stage 2.0 failed 4 times, most recent failure: Lost task 3.3 in stage 2.0 (TID 41) (executor 2): java.lang.OutOfMemoryError: Java heap space"},
    {"org.apache.spark.SparkException",
        "Job aborted due to stage failure: Total size of serialized results of 20 tasks (1030.2 MiB) is bigger than spark.driver.maxResultSize (1024.0 MiB)"},
    {"org.apache.spark.sql.AnalysisException",
        "[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with name `order_ts` cannot be resolved. Did you mean one of the following? [`order_date`, `order_id`]."},
  };

  private final HttpClient http = HttpClient.newHttpClient();
  private final URI base;
  private final Path eventLogs;
  private int sequence;

  FleetTraffic(URI base, Path eventLogs) {
    this.base = base;
    this.eventLogs = eventLogs;
  }

  /** Replays the example logs for a tenant in a region; returns the finished summaries. */
  List<RunSummary> replay(String tenant, String region) throws Exception {
    List<Path> paths = new ArrayList<>();
    for (String log : EVENT_LOGS) {
      paths.add(eventLogs.resolve(log));
    }
    List<TelemetryEvent> events =
        new EventLogReplayer(new ReplayOptions(tenant, region, "replayed-etl", null)).events(paths);
    List<TelemetryEvent> renamed = new ArrayList<>();
    List<RunSummary> summaries = new ArrayList<>();
    String suffix = "-" + (sequence++);
    for (TelemetryEvent e : events) {
      RunIdentity id = e.run();
      RunIdentity unique =
          new RunIdentity(id.runId() + suffix, id.tenant(), id.region(), id.workload(), id.attempt(), id.appId(), id.appName(), id.slaDeadlineMs());
      renamed.add(new TelemetryEvent(e.schemaVersion(), UUID.randomUUID().toString(), e.type(), e.timeMs(), unique, e.started(), e.heartbeat(), e.summary()));
      if (e.type() == EventType.RUN_FINISHED) {
        summaries.add(e.summary());
      }
    }
    assertThat(post("/api/v1/telemetry", TelemetryJson.toBytes(renamed), ADMIN).statusCode()).isEqualTo(200);
    assertThat(summaries).isNotEmpty();
    return summaries;
  }

  /** A run observed by a live listener: ends now, with its cost section, optionally failed or late. */
  RunIdentity liveRun(String tenant, String region, RunSummary shape, RunStatus status, int failureKind, boolean missSla) throws Exception {
    RunIdentity id =
        new RunIdentity("live-" + tenant + "-" + (sequence++), tenant, region, "nightly-segments", 1,
            "app-" + sequence, "segments", null);
    return liveRun(id, shape, status, failureKind, missSla);
  }

  private RunIdentity liveRun(RunIdentity identity, RunSummary shape, RunStatus status, int failureKind, boolean missSla)
      throws Exception {
    long end = System.currentTimeMillis();
    long duration = Math.max(1_000, shape.timing().durationMs() == null ? 60_000 : shape.timing().durationMs());
    long submit = end - duration - 500;
    RunIdentity id =
        new RunIdentity(identity.runId(), identity.tenant(), identity.region(), identity.workload(), identity.attempt(),
            identity.appId(), identity.appName(), missSla ? end - 30_000 : end + 3_600_000);
    Failure failure = null;
    if (status == RunStatus.FAILED) {
      String[] f = FAILURES[failureKind % FAILURES.length];
      failure = new Failure(f[0], f[1], List.of("org.apache.spark.scheduler.DAGScheduler.failJobAndIndependentStages(DAGScheduler.scala:2898)"),
          2, 2, List.of(new TaskFailureCount("ExceptionFailure", f[0], f[1], 4)), List.of(), 0);
    }
    RunSummary summary =
        new RunSummary(status, new Timing(submit, submit + 500, end, duration, 800L), failure, shape.resources(),
            shape.totals(), shape.progress(), shape.stages(), shape.foldedStages(), shape.foldedStageTotals(), shape.joins(),
            new ListenerStats(5_000, 0, status == RunStatus.FAILED ? 3 : 0),
            new ListenerCost(40_000_000L, 2_000, 800, 5_000_000L, 60_000, 20_000, 12, 3L << 20, 0.002 + 0.001 * (sequence % 5), 50_000.0));
    List<TelemetryEvent> events =
        List.of(TelemetryEvent.started(id, submit, new RunStarted(submit, shape.resources())),
            TelemetryEvent.finished(id, end, summary));
    HttpResponse<String> r = post("/api/v1/telemetry", TelemetryJson.toBytes(events), ADMIN);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return id;
  }

  /**
   * Waits for the retry decision of a failed run; when it was retried, runs the retry the way the
   * engine would (the announced run id, the next attempt) and ends it with {@code outcome}.
   *
   * @return whether the run was retried
   */
  boolean runRetryOf(RunIdentity failed, RunSummary shape, RunStatus outcome) throws Exception {
    JsonNode decision = awaitRetryDecision(failed);
    if (!"RETRIED".equals(decision.path("decision").asText())) {
      return false;
    }
    RunIdentity retry =
        new RunIdentity(decision.path("retryRunId").asText(), failed.tenant(), failed.region(), failed.workload(),
            decision.path("retryAttempt").asInt(), "app-retry-" + (sequence++), failed.appName(), null);
    liveRun(retry, shape, outcome, 0, false);
    return true;
  }

  private JsonNode awaitRetryDecision(RunIdentity run) throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    String last = "";
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r = http.send(
          HttpRequest.newBuilder(base.resolve("/api/v1/runs/" + run.runId() + "/retries?tenant=" + run.tenant()))
              .header("Authorization", "Bearer " + ADMIN).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      last = r.body();
      if (r.statusCode() == 200) {
        return JSON.readTree(r.body());
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no retry decision for " + run.runId() + ": " + last);
  }

  /**
   * Runs sized by the estimator: each asks {@code POST /api/v1/estimates} with its future run id,
   * then runs and finishes, so the answer is compared with what the run used.
   */
  void estimatedRuns(long seed, int count) throws Exception {
    long start = System.currentTimeMillis() - count * 60_000L;
    List<TelemetryEvent> events = new ArrayList<>();
    for (SyntheticRun run : new SyntheticHistory(seed, 3, 4).generate(count, start, 60_000)) {
      var r = run.run();
      RunIdentity id = r.identity();
      RunIdentity unique = new RunIdentity(id.runId() + "-e" + seed, id.tenant(), id.region(), id.workload(), id.attempt(), id.appId(), id.appName(), null);
      EstimateRequest request = run.request();
      estimate(new EstimateRequest(request.tenant(), request.workload(), unique.runId(), request.features(), request.targetSla()));
      events.add(TelemetryEvent.started(unique, r.submitTimeMs(), new RunStarted(r.submitTimeMs(), r.resources())));
      events.add(TelemetryEvent.finished(unique, r.endTimeMs(), r.summary()));
    }
    HttpResponse<String> r = post("/api/v1/telemetry", TelemetryJson.toBytes(events), ADMIN);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  /** A run whose driver sends its start and one heartbeat, then goes silent. */
  void silentDriver(String tenant, String region, RunSummary shape) throws Exception {
    long now = System.currentTimeMillis();
    RunIdentity id = new RunIdentity("silent-" + (sequence++), tenant, region, "nightly-segments", 1, "app-silent-" + sequence, "segments", null);
    List<TelemetryEvent> events =
        List.of(TelemetryEvent.started(id, now - 2_000, new RunStarted(now - 2_000, shape.resources())),
            TelemetryEvent.heartbeat(id, now, new Heartbeat(new Progress(1, 0, 0, 1, 0, 0, 10, 0), 1L << 20, 1L << 30)));
    assertThat(post("/api/v1/telemetry", TelemetryJson.toBytes(events), ADMIN).statusCode()).isEqualTo(200);
  }

  /** Sends more heartbeats than the tenant's bucket holds, with the tenant's own token: a 429. */
  void overRateLimit(String tenant, int events) throws Exception {
    RunIdentity id = new RunIdentity("noisy-" + (sequence++), tenant, "eu-west-1", "chatty", 1, "app-noisy", "chatty", null);
    List<TelemetryEvent> batch = new ArrayList<>();
    for (int i = 0; i < events; i++) {
      batch.add(TelemetryEvent.heartbeat(id, System.currentTimeMillis(), new Heartbeat(new Progress(1, 0, 0, 1, 0, 0, i, 0), 1L << 20, 1L << 30)));
    }
    byte[] body = TelemetryJson.toBytes(batch);
    int status = 0;
    for (int attempt = 0; attempt < 20 && status != 429; attempt++) {
      HttpResponse<String> r = post("/api/v1/telemetry", body, tenantToken(tenant));
      status = r.statusCode();
      assertThat(status).as(r.body()).isIn(200, 429);
    }
    assertThat(status).as("the tenant's token bucket runs dry").isEqualTo(429);
  }

  void malformed() throws Exception {
    assertThat(post("/api/v1/telemetry", "{not json".getBytes(java.nio.charset.StandardCharsets.UTF_8), ADMIN).statusCode()).isEqualTo(400);
  }

  /** Synthetic fleet history (the estimator's generator) ending now, in two regions. */
  List<SyntheticRun> history(long seed, int count) throws Exception {
    long start = System.currentTimeMillis() - count * 60_000L;
    List<SyntheticRun> runs = new SyntheticHistory(seed, 3, 4).generate(count, start, 60_000);
    List<TelemetryEvent> events = new ArrayList<>();
    for (SyntheticRun run : runs) {
      var r = run.run();
      RunIdentity id = r.identity();
      String region = Math.floorMod(id.runId().hashCode(), 2) == 0 ? "eu-west-1" : "us-east-1";
      RunIdentity moved = new RunIdentity(id.runId() + "-s" + seed, id.tenant(), region, id.workload(), id.attempt(), id.appId(), id.appName(), null);
      events.add(TelemetryEvent.started(moved, r.submitTimeMs(), new RunStarted(r.submitTimeMs(), r.resources())));
      events.add(TelemetryEvent.finished(moved, r.endTimeMs(), r.summary()));
    }
    HttpResponse<String> r = post("/api/v1/telemetry", TelemetryJson.toBytes(events), ADMIN);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return runs;
  }

  JsonNode train() throws Exception {
    HttpResponse<String> r = post("/api/v1/estimator/train", new byte[0], ADMIN);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  void estimate(SyntheticRun run) throws Exception {
    estimate(run.request());
  }

  private void estimate(EstimateRequest request) throws Exception {
    byte[] body = TelemetryJson.toBytes(EstimateRequestJson.toJson(request));
    HttpResponse<String> r = post("/api/v1/estimates", body, ADMIN);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  String metrics() throws Exception {
    return http.send(HttpRequest.newBuilder(base.resolve("/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  private HttpResponse<String> post(String path, byte[] body, String token) throws Exception {
    return http.send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
