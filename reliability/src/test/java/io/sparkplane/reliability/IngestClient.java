package io.sparkplane.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.wire.TelemetryEvent;
import io.sparkplane.wire.TelemetryJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Sends telemetry batches and reads runs over HTTP, as a listener and a user do. */
final class IngestClient {

  /** The answer to one batch: status (0 when no answer came), Retry-After, body. */
  record Answer(int status, Optional<String> retryAfter, String body) {
    boolean acknowledged() {
      return status >= 200 && status < 300;
    }
  }

  private final HttpClient http;
  private final URI base;
  private final Duration timeout;

  IngestClient(int port, Duration timeout) {
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    this.base = URI.create("http://127.0.0.1:" + port);
    this.timeout = timeout;
  }

  /** Posts a batch; a refused connection or a timeout is an answer with status 0. */
  Answer send(List<TelemetryEvent> batch) throws InterruptedException {
    try {
      byte[] body = TelemetryJson.mapper().writeValueAsBytes(batch);
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(base.resolve("/api/v1/telemetry"))
                  .timeout(timeout)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.headers().firstValue("Retry-After"), r.body());
    } catch (IOException noAnswer) {
      return new Answer(0, Optional.empty(), noAnswer.toString());
    }
  }

  HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** GET that must answer 200. */
  JsonNode json(String pathAndQuery) throws IOException, InterruptedException {
    HttpResponse<String> r = get(pathAndQuery);
    if (r.statusCode() != 200) {
      throw new AssertionError("GET " + pathAndQuery + " -> " + r.statusCode() + " " + r.body());
    }
    return TelemetryJson.mapper().readTree(r.body());
  }

  /** The run's {@code eventCount} through the run API, 0 when the run is not stored. */
  long eventCount(String tenant, String runId) throws IOException, InterruptedException {
    HttpResponse<String> r = get("/api/v1/runs/" + runId + "?tenant=" + tenant);
    if (r.statusCode() == 404) {
      return 0;
    }
    if (r.statusCode() != 200) {
      throw new AssertionError("GET run " + runId + " -> " + r.statusCode() + " " + r.body());
    }
    return TelemetryJson.mapper().readTree(r.body()).path("eventCount").asLong();
  }
}
