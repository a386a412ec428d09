package io.sparkplane.estimator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkplane.collector.store.RunStore;
import io.sparkplane.estimator.synthetic.SyntheticRun;
import io.sparkplane.wire.TelemetryJson;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("POST /api/v1/estimates on a running collector")
class EstimatesApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String VALID =
      """
      {"tenant":"tenant-0","workload":"workload-1","runId":"%s",
       "tables":[{"name":"orders","rows":1200000,"bytes":96000000},{"name":"customers","rows":50000,"bytes":4000000}],
       "joins":1,"relationshipDepth":1,"outputKind":"FILES","targetSlaSeconds":900}
      """;

  @TempDir Path dir;
  private EstimatorServer server;
  private RunStore store;

  @BeforeEach
  void start() {
    server = new EstimatorServer(dir, 40);
    store = server.store();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> post(String path, String body, String token) throws Exception {
    return server.post(path, body, token);
  }

  @Test
  @DisplayName("answers a valid request with every recommendation field, from the heuristic before any model")
  void validRequest() throws Exception {
    HttpResponse<String> response = post("/api/v1/estimates", VALID.formatted("run-1"), "t0");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("executors").asInt()).isBetween(1, 200);
    assertThat(body.get("executorCores").asInt()).isEqualTo(4);
    assertThat(body.get("executorMemoryMb").asLong()).isGreaterThanOrEqualTo(1024);
    assertThat(body.get("executorMemoryOverheadMb").asLong()).isGreaterThanOrEqualTo(384);
    assertThat(body.get("shufflePartitions").asInt()).isPositive();
    assertThat(body.get("predictedRuntimeP90Seconds").asDouble())
        .isGreaterThan(body.get("predictedRuntimeP50Seconds").asDouble());
    assertThat(body.get("predictedPeakMemoryBytes").asLong()).isPositive();
    assertThat(body.get("modelVersion").asText()).isEqualTo("heuristic");
    assertThat(body.get("heuristicFallback").asBoolean()).isTrue();
    assertThat(body.get("slaMet").asBoolean()).isTrue();
    assertThat(body.get("sparkConf").get("spark.executor.memory").asText()).endsWith("m");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not JSON                    | {\"tenant\":                                              | $",
        "not an object               | [1,2]                                                     | $",
        "missing workload            | {\"tables\":[{\"rows\":1,\"bytes\":1}]}                    | workload",
        "missing tables              | {\"workload\":\"w\"}                                      | tables",
        "empty tables                | {\"workload\":\"w\",\"tables\":[]}                        | tables",
        "negative rows               | {\"workload\":\"w\",\"tables\":[{\"rows\":1,\"bytes\":1},{\"rows\":-5,\"bytes\":1}]} | tables[1].rows",
        "fractional bytes            | {\"workload\":\"w\",\"tables\":[{\"rows\":1,\"bytes\":1.5}]} | tables[0].bytes",
        "unknown output kind         | {\"workload\":\"w\",\"tables\":[{\"rows\":1,\"bytes\":1}],\"outputKind\":\"S3\"} | outputKind",
        "depth beyond joins          | {\"workload\":\"w\",\"tables\":[{\"rows\":1,\"bytes\":1}],\"joins\":1,\"relationshipDepth\":3} | relationshipDepth",
        "zero SLA                    | {\"workload\":\"w\",\"tables\":[{\"rows\":1,\"bytes\":1}],\"targetSlaSeconds\":0} | targetSlaSeconds",
        "SLA under a millisecond     | {\"workload\":\"w\",\"tables\":[{\"rows\":1,\"bytes\":1}],\"targetSlaSeconds\":2.1e-308} | targetSlaSeconds",
        "string SLA                  | {\"workload\":\"w\",\"tables\":[{\"rows\":1,\"bytes\":1}],\"targetSlaSeconds\":\"1h\"} | targetSlaSeconds",
        "unknown field               | {\"workload\":\"w\",\"tables\":[{\"rows\":1,\"bytes\":1}],\"executors\":3} | executors",
        "blank run id                | {\"workload\":\"w\",\"tables\":[{\"rows\":1,\"bytes\":1}],\"runId\":\" \"} | runId",
      })
  @DisplayName("rejects bad input with 400 naming the field")
  void badInput(String description, String body, String field) throws Exception {
    HttpResponse<String> response = post("/api/v1/estimates", body, "t0");
    assertThat(response.statusCode()).as(description).isEqualTo(400);
    JsonNode error = JSON.readTree(response.body());
    assertThat(error.get("field").asText()).isEqualTo(field);
    assertThat(error.get("error").asText()).isNotBlank();
  }

  @Test
  @DisplayName("needs a tenant from an all-tenant caller, and refuses another tenant's estimate with 403")
  void tenantScope() throws Exception {
    String noTenant = "{\"workload\":\"w\",\"tables\":[{\"rows\":1,\"bytes\":1}]}";
    HttpResponse<String> admin = post("/api/v1/estimates", noTenant, "admin");
    assertThat(admin.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(admin.body()).get("field").asText()).isEqualTo("tenant");
    HttpResponse<String> other =
        post("/api/v1/estimates", "{\"tenant\":\"tenant-9\",\"workload\":\"w\",\"tables\":[{\"rows\":1,\"bytes\":1}]}", "t0");
    assertThat(other.statusCode()).isEqualTo(403);
    assertThat(post("/api/v1/estimates", noTenant, "nobody").statusCode()).isEqualTo(401);
    assertThat(post("/api/v1/estimator/train", "", "t0").statusCode()).isEqualTo(403);
  }

  @Test
  @DisplayName("keeps an estimate made before its run existed, attaches it when the run finishes, and trains on it")
  void estimateAttachedAndLearnt() throws Exception {
    List<SyntheticRun> runs = SyntheticRuns.fleet(21, 80);
    SyntheticRun first = runs.get(0);
    String estimateBody =
        TelemetryJson.toJson(EstimateRequestJson.toJson(first.request()));
    assertThat(post("/api/v1/estimates", estimateBody, "admin").statusCode()).isEqualTo(200);

    HttpResponse<String> ingest = server.ingest(runs);
    assertThat(ingest.statusCode()).as(ingest.body()).isEqualTo(200);

    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (store.attachments(first.request().tenant(), first.request().runId()).isEmpty()
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    JsonNode attached =
        store.attachments(first.request().tenant(), first.request().runId()).get(EstimateRequestJson.ATTACHMENT);
    assertThat(attached).isNotNull();
    assertThat(EstimateRequestJson.fromJson(attached, null)).isEqualTo(first.request());

    HttpResponse<String> train = post("/api/v1/estimator/train", "", "admin");
    assertThat(train.statusCode()).isEqualTo(200);
    JsonNode report = JSON.readTree(train.body());
    assertThat(report.get("outcome").asText()).as(train.body()).isEqualTo("trained");
    assertThat(report.get("role").asText()).isEqualTo("serving");
    assertThat(report.get("historyRuns").asInt()).isEqualTo(80);

    HttpResponse<String> again = post("/api/v1/estimates", estimateBody, "admin");
    JsonNode answer = JSON.readTree(again.body());
    assertThat(answer.get("modelVersion").asText()).isEqualTo(report.get("version").asText());
    assertThat(answer.get("heuristicFallback").asBoolean()).isFalse();

    HttpResponse<String> second = post("/api/v1/estimator/train", "", "admin");
    assertThat(JSON.readTree(second.body()).get("newRuns").asInt()).as("incremental read").isZero();
    assertThat(JSON.readTree(second.body()).get("role").asText()).isEqualTo("challenger");

    String models = server.get("/api/v1/estimator/models", "admin");
    assertThat(JSON.readTree(models).get("challenger").asText()).isEqualTo("v2");
    HttpResponse<String> rollback = post("/api/v1/estimator/rollback", "", "admin");
    assertThat(rollback.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(rollback.body()).get("reason").asText()).isEqualTo("no_previous_model");
  }

  @Test
  @DisplayName("compares a finished run's peak memory and runtime with the recommendation it was sized by; refusal counters exist at zero")
  void actualToRecommended() throws Exception {
    String before = metrics();
    assertThat(before)
        .contains("sparkplane_estimator_model_load_failures_total{reason=\"corrupt\"} 0.0")
        .contains("sparkplane_estimator_model_load_failures_total{reason=\"incompatible\"} 0.0")
        .contains("sparkplane_estimator_rejections_total{reason=\"not_better\"} 0.0")
        .contains("sparkplane_estimator_rejections_total{reason=\"superseded\"} 0.0");

    SyntheticRun sized = SyntheticRuns.fleet(22, 1).get(0);
    HttpResponse<String> estimate =
        post("/api/v1/estimates", TelemetryJson.toJson(EstimateRequestJson.toJson(sized.request())), "admin");
    JsonNode answer = JSON.readTree(estimate.body());
    var r = sized.run();
    assertThat(server.ingest(List.of(sized)).statusCode()).isEqualTo(200);

    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    String after = metrics();
    while (!after.contains("sparkplane_estimator_actual_to_recommended_ratio_count{resource=\"runtime\"} 1")
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
      after = metrics();
    }
    assertThat(store.attachments(r.tenant(), r.runId()).get(EstimatorExtension.RECOMMENDATION).get("executorMemoryMb"))
        .isEqualTo(answer.get("executorMemoryMb"));
    double runtime = r.summary().timing().durationMs() / 1000.0 / answer.get("predictedRuntimeP50Seconds").asDouble();
    double memory =
        (double) r.summary().totals().peakExecutionMemoryBytes() / answer.get("predictedPeakMemoryBytes").asDouble();
    assertThat(sample(after, "sparkplane_estimator_actual_to_recommended_ratio_sum{resource=\"runtime\"}"))
        .isCloseTo(runtime, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(sample(after, "sparkplane_estimator_actual_to_recommended_ratio_sum{resource=\"memory\"}"))
        .isCloseTo(memory, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(after).contains("sparkplane_estimator_actual_to_recommended_ratio_bucket{resource=\"memory\",le=\"1.0\"}");
  }

  private String metrics() throws Exception {
    return server.get("/metrics", null);
  }

  private static double sample(String metrics, String series) {
    for (String line : metrics.split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    throw new AssertionError(series + " not in /metrics");
  }
}
