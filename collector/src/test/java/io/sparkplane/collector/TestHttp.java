package io.sparkplane.collector;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.jspecify.annotations.Nullable;

/** Talks to a collector started by a test, over real HTTP. */
public final class TestHttp {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI base;

  public TestHttp(int port) {
    this.base = URI.create("http://127.0.0.1:" + port);
  }

  public HttpResponse<String> postEvents(List<TelemetryEvent> events, @Nullable String token)
      throws Exception {
    return post(TelemetryJson.toBytes(events), token, null);
  }

  public HttpResponse<String> post(byte[] body, @Nullable String token, @Nullable String traceparent)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve("/api/v1/telemetry"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (traceparent != null) {
      request.header("traceparent", traceparent);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> get(String path, @Nullable String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  public static JsonNode json(HttpResponse<String> response) throws IOException {
    return TelemetryJson.mapper().readTree(response.body());
  }

  /** Asserts an error response: its status and the {@code reason} and {@code field} of its body. */
  public static JsonNode assertError(
      HttpResponse<String> response, int status, String reason, @Nullable String field)
      throws IOException {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode body = json(response);
    assertThat(body.path("reason").asText()).isEqualTo(reason);
    assertThat(body.path("error").asText()).isNotBlank();
    if (field != null) {
      assertThat(body.path("field").asText()).isEqualTo(field);
    }
    return body;
  }
}
