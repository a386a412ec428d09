package io.sparkplane.triage.retry.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import io.sparkplane.triage.retry.RetryDecision.Delivery;
import io.sparkplane.triage.retry.RetryRequest;
import io.sparkplane.triage.retry.RetrySettings;
import io.sparkplane.wire.TelemetryJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * POSTs a retry request to the engine's webhook, retrying connection errors, timeouts, 408, 429
 * and 5xx with exponential backoff (Failsafe) up to {@code retry.webhook.maxAttempts}, and only
 * while {@code windowOpen} says the retry can still meet its deadline. Internal.
 */
public final class WebhookClient {

  private final URI url;
  private final RetrySettings settings;
  private final Clock clock;
  private final HttpClient http;

  public WebhookClient(RetrySettings settings, Clock clock) {
    this.url = Objects.requireNonNull(settings.webhookUrl(), "retry.webhook.url");
    this.settings = settings;
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(settings.webhookTimeout()).build();
  }

  /** Delivers {@code request}; the result says whether it was accepted, refused or never reached. */
  public Delivery deliver(RetryRequest request, BooleanSupplier windowOpen) {
    byte[] body;
    try {
      body = TelemetryJson.mapper().writeValueAsBytes(request);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    HttpRequest.Builder post = HttpRequest.newBuilder(url)
        .timeout(settings.webhookTimeout())
        .header("Content-Type", "application/json")
        .header("Idempotency-Key", request.retryId())
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (settings.webhookToken() != null) {
      post.header("Authorization", "Bearer " + settings.webhookToken());
    }
    HttpRequest httpRequest = post.build();
    AtomicInteger attempts = new AtomicInteger();
    RetryPolicy<HttpResponse<String>> policy = RetryPolicy.<HttpResponse<String>>builder()
        .handle(IOException.class)
        .handleResultIf(r -> retriable(r.statusCode()))
        .withBackoff(settings.webhookBackoffInitial(), settings.webhookBackoffMax())
        .withMaxAttempts(settings.webhookMaxAttempts())
        .abortIf((r, e) -> !windowOpen.getAsBoolean())
        .build();
    try {
      HttpResponse<String> response = Failsafe.with(policy).get(() -> {
        attempts.incrementAndGet();
        return http.send(httpRequest, HttpResponse.BodyHandlers.ofString());
      });
      int status = response.statusCode();
      String state = status >= 200 && status < 300 ? Delivery.DELIVERED : Delivery.FAILED;
      String error = state.equals(Delivery.DELIVERED) ? null : "HTTP " + status + ": " + abbreviate(response.body());
      return new Delivery(state, attempts.get(), status, error, clock.millis());
    } catch (FailsafeException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return new Delivery(Delivery.FAILED, attempts.get(), null, cause.getClass().getSimpleName() + ": " + cause.getMessage(),
          clock.millis());
    }
  }

  /** Statuses worth another POST; other 4xx are the engine refusing this request. */
  public static boolean retriable(int status) {
    return status == 408 || status == 429 || status >= 500;
  }

  private static String abbreviate(String s) {
    return s == null ? "" : s.length() <= 200 ? s : s.substring(0, 200);
  }
}
