package io.sparkplane.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.wire.TelemetryJson;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;

/** The operator commands' view of a running control plane: its HTTP API. */
public final class ApiClient {

  private final HttpClient http;
  private final URI base;
  private final String token;

  public ApiClient(URI base, String token) {
    this(base, token, ClientTls.defaults());
  }

  /** @param tls whom to trust when {@code base} is an https:// URL */
  public ApiClient(URI base, String token, SSLContext tls) {
    this.base = base;
    this.token = token;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(tls).build();
  }

  /** GET returning JSON; throws {@link ApiCallException} on any non-2xx answer. */
  public JsonNode get(String path, Map<String, String> query) {
    return send(HttpRequest.newBuilder(uri(path, query)).GET());
  }

  public JsonNode post(String path) {
    return send(HttpRequest.newBuilder(uri(path, Map.of())).POST(HttpRequest.BodyPublishers.noBody()));
  }

  private JsonNode send(HttpRequest.Builder request) {
    request.timeout(Duration.ofMinutes(10)).header("Accept", "application/json");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpRequest built = request.build();
    try {
      HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
      JsonNode body =
          response.body().isBlank() ? null : TelemetryJson.mapper().readTree(response.body());
      if (response.statusCode() / 100 != 2) {
        String message = body != null && body.has("error") ? body.path("error").asText() : response.body();
        throw new ApiCallException(built.method() + " " + built.uri().getPath() + " -> " + response.statusCode() + ": " + message);
      }
      return body;
    } catch (IOException e) {
      throw new ApiCallException("cannot reach " + base + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiCallException("interrupted");
    }
  }

  private URI uri(String path, Map<String, String> query) {
    Map<String, String> present = new LinkedHashMap<>();
    query.forEach((k, v) -> {
      if (v != null) {
        present.put(k, v);
      }
    });
    String q =
        present.entrySet().stream()
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return base.resolve(path + (q.isEmpty() ? "" : "?" + q));
  }
}
