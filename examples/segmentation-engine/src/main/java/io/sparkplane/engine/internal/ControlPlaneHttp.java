package io.sparkplane.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** JSON over HTTP to the control plane's API. Internal. */
public final class ControlPlaneHttp {

  /** A response: status and parsed body (a missing node when the body is not JSON). */
  public record Response(int status, JsonNode body) {
    public boolean ok() {
      return status / 100 == 2;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final @Nullable String token;
  private final Duration timeout;
  private final HttpClient http;

  public ControlPlaneHttp(URI base, @Nullable String token, Duration timeout) {
    this.base = base;
    this.token = token;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  public URI base() {
    return base;
  }

  public static ObjectMapper json() {
    return JSON;
  }

  public Response get(String path) {
    return send(request(path).GET().build());
  }

  public Response post(String path, @Nullable JsonNode body) {
    String text = body == null ? "" : body.toString();
    return send(
        request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(text)).build());
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout);
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  private Response send(HttpRequest request) {
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode body;
      try {
        body = r.body().isEmpty() ? JSON.missingNode() : JSON.readTree(r.body());
      } catch (IOException e) {
        body = JSON.getNodeFactory().textNode(r.body());
      }
      return new Response(r.statusCode(), body);
    } catch (IOException e) {
      throw new UncheckedIOException(request.method() + " " + request.uri() + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted calling " + request.uri(), e);
    }
  }
}
