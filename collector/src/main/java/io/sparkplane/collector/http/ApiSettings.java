package io.sparkplane.collector.http;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits and timings of the HTTP API.
 *
 * @param maxPayloadBytes largest request body accepted, both as sent and after decompression
 * @param retryAfterSeconds value of {@code Retry-After} on 503 responses
 * @param shutdownTimeout how long stopping waits for in-flight requests
 */
public record ApiSettings(int maxPayloadBytes, int retryAfterSeconds, Duration shutdownTimeout) {

  public ApiSettings {
    if (maxPayloadBytes < 1) {
      throw new IllegalArgumentException("maxPayloadBytes must be >= 1, was " + maxPayloadBytes);
    }
    if (retryAfterSeconds < 1) {
      throw new IllegalArgumentException("retryAfterSeconds must be >= 1, was " + retryAfterSeconds);
    }
    Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
    if (shutdownTimeout.isNegative()) {
      throw new IllegalArgumentException("shutdownTimeout must not be negative");
    }
  }
}
