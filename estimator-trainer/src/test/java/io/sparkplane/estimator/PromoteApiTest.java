package io.sparkplane.estimator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("POST /api/v1/estimator/promote: an operator serves the challenger now")
class PromoteApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private EstimatorServer server;

  @BeforeEach
  void start() {
    server = new EstimatorServer(dir, 20);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> post(String path, String body, String token) throws Exception {
    return server.post(path, body, token);
  }

  private String get(String path, String token) throws Exception {
    return server.get(path, token);
  }

  private void ingestHistory() throws Exception {
    assertThat(server.ingest(SyntheticRuns.fleet(31, 80)).statusCode()).isEqualTo(200);
    HttpResponse<String> first = post("/api/v1/estimator/train", "", "admin");
    assertThat(JSON.readTree(first.body()).path("role").asText()).as(first.body()).isEqualTo("serving");
  }

  @Test
  @DisplayName("answers 409 no_challenger when nothing runs in shadow, and leaves the serving model alone")
  void noChallenger() throws Exception {
    HttpResponse<String> none = post("/api/v1/estimator/promote", "", "admin");
    assertThat(none.statusCode()).isEqualTo(409);
    JsonNode body = JSON.readTree(none.body());
    assertThat(body.path("reason").asText()).isEqualTo("no_challenger");
    assertThat(body.path("error").asText()).contains("no challenger");

    ingestHistory(); // the first model serves at once: still no challenger
    String serving = JSON.readTree(get("/api/v1/estimator/models", "admin")).path("serving").asText();
    assertThat(serving).isEqualTo("v1");
    assertThat(post("/api/v1/estimator/promote", "", "admin").statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(get("/api/v1/estimator/models", "admin")).path("serving").asText()).isEqualTo(serving);
  }

  @Test
  @DisplayName("serves the challenger before its shadow runs are judged, keeps the old model for rollback, and counts an operator promotion")
  void promotesChallenger() throws Exception {
    ingestHistory();
    HttpResponse<String> train = post("/api/v1/estimator/train", "", "admin");
    assertThat(JSON.readTree(train.body()).path("role").asText()).as(train.body()).isEqualTo("challenger");
    JsonNode before = JSON.readTree(get("/api/v1/estimator/models", "admin"));
    assertThat(before.path("challenger").asText()).isEqualTo("v2");
    assertThat(before.path("shadowRuns").asInt()).isZero();

    assertThat(post("/api/v1/estimator/promote", "", "t0").statusCode()).as("tenant tokens cannot").isEqualTo(403);
    HttpResponse<String> promoted = post("/api/v1/estimator/promote", "", "admin");
    assertThat(promoted.statusCode()).as(promoted.body()).isEqualTo(200);
    JsonNode status = JSON.readTree(promoted.body());
    assertThat(status.path("serving").asText()).isEqualTo("v2");
    assertThat(status.path("challenger").isNull()).isTrue();
    assertThat(status.path("previous").get(0).asText()).isEqualTo("v1");

    assertThat(get("/metrics", "admin"))
        .containsPattern("sparkplane_estimator_promotions_total\\{[^}]*reason=\"operator\"[^}]*} 1\\.0");
    assertThat(post("/api/v1/estimator/promote", "", "admin").statusCode()).as("promoted once").isEqualTo(409);
    HttpResponse<String> rollback = post("/api/v1/estimator/rollback", "", "admin");
    assertThat(JSON.readTree(rollback.body()).path("serving").asText()).isEqualTo("v1");
  }
}
