package io.sparkplane.listener.ship;

import io.sparkplane.wire.TelemetryEvent;
import io.sparkplane.wire.TelemetryJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * POSTs a batch as a gzip-compressed JSON array to {@code /api/v1/telemetry}, with a W3C {@code
 * traceparent} header when a run summary in it names its trace. 2xx is delivered; 408,
 * 429 and 5xx and I/O errors are retryable; other 4xx are permanent (the collector rejected the data,
 * resending it cannot help).
 */
public final class HttpTelemetryTransport implements TelemetryTransport {

  static final String PATH = "/api/v1/telemetry";

  private final HttpClient client;
  private final URI endpoint;
  private final String token;

  public HttpTelemetryTransport(String collectorUrl, String token, Duration connectTimeout) {
    String base =
        collectorUrl.endsWith("/")
            ? collectorUrl.substring(0, collectorUrl.length() - 1)
            : collectorUrl;
    this.endpoint = URI.create(base + PATH);
    String scheme = endpoint.getScheme();
    if (scheme == null
        || !(scheme.equals("http") || scheme.equals("https"))
        || endpoint.getHost() == null) {
      throw new IllegalArgumentException(
          "spark.sparkplane.collector.url must be an http(s) URL with a host, was " + collectorUrl);
    }
    this.token = token;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connectTimeout)
            .build();
  }

  @Override
  public Delivery send(List<TelemetryEvent> batch, Duration timeout)
      throws DeliveryException, InterruptedException {
    byte[] json = TelemetryJson.toBytes(batch);
    byte[] body = gzip(json);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("Content-Encoding", "gzip")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    String traceparent = traceparentOf(batch);
    if (traceparent != null) {
      request.header("traceparent", traceparent);
    }
    HttpResponse<String> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new DeliveryException("collector unreachable: " + e, true, e);
    }
    int status = response.statusCode();
    if (status / 100 == 2) {
      return new Delivery(json.length, body.length);
    }
    boolean retryable = status == 408 || status == 429 || status >= 500;
    String detail = response.body();
    if (detail != null && detail.length() > 300) {
      detail = detail.substring(0, 300);
    }
    throw new DeliveryException(
        "collector answered " + status + ": " + detail, retryable, null, retryAfter(response));
  }

  /** The {@code Retry-After} of an answer, in the delay-seconds form the collector sends; else null. */
  static Duration retryAfter(HttpResponse<?> response) {
    return response
        .headers()
        .firstValue("Retry-After")
        .filter(v -> v.matches("\\d{1,9}"))
        .map(v -> Duration.ofSeconds(Long.parseLong(v)))
        .orElse(null);
  }

  /**
   * The trace the collector's ingest span joins: that of the first run summary in the batch that
   * carries one (a batch holds one trace context; summaries are what triage follows).
   */
  static String traceparentOf(List<TelemetryEvent> batch) {
    for (TelemetryEvent event : batch) {
      if (event.summary() != null && event.summary().traceparent() != null) {
        return event.summary().traceparent();
      }
    }
    return null;
  }

  static byte[] gzip(byte[] raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, raw.length / 4));
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(raw);
    } catch (IOException e) {
      throw new IllegalStateException("gzip to memory failed", e);
    }
    return out.toByteArray();
  }
}
