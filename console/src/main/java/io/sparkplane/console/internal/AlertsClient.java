package io.sparkplane.console.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@code GET /api/v1/alerts} from the server that serves the page (over loopback, with the
 * viewer's own credentials), so the console needs no compile-time link to the alerting module and
 * shows exactly what the API would show the viewer. Internal.
 */
public final class AlertsClient {

  public static final String PATH = "/api/v1/alerts";

  /** What the alerts API answered. */
  public sealed interface Answer {}

  /** The API's body: {@code {"active":[...],"recent":[...]}}. */
  public record Alerts(JsonNode body) implements Answer {}

  /** No alerting on this server (the path is not routed). */
  public record NotEnabled() implements Answer {}

  /** The API failed or was unreachable; {@code reason} is shown to the viewer. */
  public record Unavailable(String reason) implements Answer {}

  private final HttpClient http;
  private final Duration timeout;
  private final ObjectMapper json = new ObjectMapper();

  public AlertsClient(Duration timeout) {
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /** Fetches active and recent alerts, as the request's viewer. */
  public Answer fetch(Context ctx) {
    String host = ctx.req().getLocalAddr();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    URI uri = URI.create("http://" + host + ":" + ctx.req().getLocalPort() + PATH + "?state=all");
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET();
    @Nullable String authorization = ctx.header("Authorization");
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 404) {
        return new NotEnabled();
      }
      if (response.statusCode() != 200) {
        return new Unavailable("the alerts API answered HTTP " + response.statusCode());
      }
      return new Alerts(json.readTree(response.body()));
    } catch (IOException e) {
      return new Unavailable("the alerts API could not be read: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Unavailable("interrupted while reading the alerts API");
    }
  }
}
