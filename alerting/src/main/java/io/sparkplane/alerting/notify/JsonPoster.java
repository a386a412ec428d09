package io.sparkplane.alerting.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * POSTs one JSON document and classifies the outcome: 2xx accepted; network errors, 408, 429 and
 * 5xx retryable; other statuses refused for good. A {@code Retry-After} on a 429 or 503 (seconds or
 * HTTP date) travels with the exception, for {@link RetryDelay}.
 */
final class JsonPoster {

  private static final int MAX_ERROR_BODY = 300;

  private final ObjectMapper mapper;
  private final HttpClient client;
  private final Duration timeout;
  private final Clock clock = Clock.systemUTC();

  JsonPoster(ObjectMapper mapper, Duration timeout) {
    this.mapper = mapper;
    this.timeout = timeout;
    this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  void post(URI url, Map<String, String> headers, JsonNode body) {
    byte[] bytes;
    try {
      bytes = mapper.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new NotifierException("cannot serialize notification", false, e);
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
    headers.forEach(request::header);
    HttpResponse<String> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new NotifierException("POST " + url + " failed: " + e, true, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NotifierException("interrupted while posting to " + url, false, e);
    }
    int status = response.statusCode();
    if (status / 100 == 2) {
      return;
    }
    String answer = response.body() == null ? "" : response.body();
    boolean retryable = status == 408 || status == 429 || status >= 500;
    Duration retryAfter =
        status == 429 || status == 503
            ? RetryDelay.parseRetryAfter(response.headers().firstValue("Retry-After").orElse(null), clock.instant())
                .orElse(null)
            : null;
    throw new NotifierException(
        "POST " + url + " answered " + status + ": " + answer.substring(0, Math.min(answer.length(), MAX_ERROR_BODY)),
        retryable,
        retryAfter);
  }
}
