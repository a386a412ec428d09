package io.sparkplane.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkplane.engine.EngineSettings;
import io.sparkplane.engine.RunRequest;
import io.sparkplane.engine.RunResult;
import io.sparkplane.engine.SegmentationEngine;
import io.sparkplane.engine.data.DataSpec;
import io.sparkplane.engine.workload.ChurnRisk;
import io.sparkplane.engine.workload.HighValueCustomers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs of the reference segmentation engine: a real local SparkSession with the Sparkplane listener
 * shipping to the control plane, under a tenant of its own ({@link #TENANT}) in both regions. A few
 * small runs: two segments that succeed, and one whose event feed carries malformed timestamps, so
 * Spark fails it ({@code CAST_INVALID_INPUT}), triage calls it {@code USER_CODE_ERROR} and retries
 * skip it as not retryable.
 */
final class EngineTraffic implements AutoCloseable {

  /** The engine's tenant: no other traffic uses it, so its series in Prometheus are the engine's. */
  static final String TENANT = "hooli";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(90);

  private final SegmentationEngine engine;
  private final URI base;
  private final HttpClient http = HttpClient.newHttpClient();
  private final String prefix = "engine-" + Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);

  /**
   * A finished engine run: what the engine saw, and what the control plane stored, triaged and
   * decided about a retry (missing nodes for a run that succeeded).
   */
  record Run(RunResult result, String status, JsonNode triage, JsonNode retry) {}

  private EngineTraffic(SegmentationEngine engine, URI base) {
    this.engine = engine;
    this.base = base;
  }

  /** Starts the engine's SparkSession with the listener shipping to {@code controlPlane} as an operator. */
  static EngineTraffic connect(URI controlPlane) throws Exception {
    SegmentationEngine engine = SegmentationEngine.open(EngineSettings.defaults().withToken(FleetTraffic.ADMIN));
    try {
      engine.connect(controlPlane);
      return new EngineTraffic(engine, controlPlane);
    } catch (RuntimeException e) {
      engine.close();
      throw e;
    }
  }

  /** The runs, one after the other; each returned once the control plane has it finished (and triaged if it failed). */
  List<Run> drive() throws Exception {
    List<Run> runs = new ArrayList<>();
    long sla = System.currentTimeMillis() + 600_000;
    runs.add(run(RunRequest.of(prefix + "-hvc", TENANT, "us-east-1", HighValueCustomers.NAME, DataSpec.small().withSeed(1))
        .withSlaDeadlineMs(sla)));
    runs.add(run(RunRequest.of(prefix + "-churn", TENANT, "eu-west-1", ChurnRisk.NAME, DataSpec.small().withSeed(2))
        .withSlaDeadlineMs(sla)));
    runs.add(run(RunRequest.of(prefix + "-feed", TENANT, "eu-west-1", ChurnRisk.NAME,
        DataSpec.small().withSeed(3).withMalformedEventEvery(50_000))));
    return runs;
  }

  private Run run(RunRequest request) throws Exception {
    RunResult result = engine.run(request);
    String status = awaitFinished(request.runId());
    if (!status.equals("FAILED")) {
      return new Run(result, status, JSON.missingNode(), JSON.missingNode());
    }
    JsonNode triage = await("/api/v1/runs/" + request.runId() + "/triage");
    return new Run(result, status, triage, await("/api/v1/runs/" + request.runId() + "/retries"));
  }

  private String awaitFinished(String runId) throws Exception {
    long end = System.nanoTime() + WAIT.toNanos();
    String status = "";
    while (System.nanoTime() < end) {
      HttpResponse<String> r = get("/api/v1/runs/" + runId);
      if (r.statusCode() == 200) {
        status = JSON.readTree(r.body()).path("status").asText("");
        if (!status.isEmpty() && !status.equals("RUNNING")) {
          return status;
        }
      }
      Thread.sleep(250);
    }
    throw new AssertionError("engine run " + runId + " not finished in the control plane after " + WAIT + ": " + status);
  }

  private JsonNode await(String path) throws Exception {
    long end = System.nanoTime() + WAIT.toNanos();
    String last = "";
    while (System.nanoTime() < end) {
      HttpResponse<String> r = get(path);
      if (r.statusCode() == 200) {
        return JSON.readTree(r.body());
      }
      last = r.statusCode() + " " + r.body();
      Thread.sleep(250);
    }
    throw new AssertionError(path + " never answered 200: " + last);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(base.resolve(path + "?tenant=" + TENANT))
            .header("Authorization", "Bearer " + FleetTraffic.ADMIN)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    engine.close();
  }
}
