package io.sparkplane.collector.http;

import java.time.Duration;
import io.sparkplane.collector.auth.TokenHasher;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Limits and timings of the HTTP API.
 *
 * @param maxPayloadBytes largest request body accepted, both as sent and after decompression
 * @param retryAfterSeconds value of {@code Retry-After} on 503 responses
 * @param shutdownTimeout how long stopping waits for in-flight requests
 * @param metricsTokenHash when set, {@code GET /metrics} requires {@code Authorization: Bearer
 *     <token>} whose {@link TokenHasher} hash this is; {@code null}: {@code /metrics} is open
 */
public record ApiSettings(
    int maxPayloadBytes, int retryAfterSeconds, Duration shutdownTimeout, @Nullable String metricsTokenHash) {

  public ApiSettings(int maxPayloadBytes, int retryAfterSeconds, Duration shutdownTimeout) {
    this(maxPayloadBytes, retryAfterSeconds, shutdownTimeout, null);
  }

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
    if (metricsTokenHash != null) {
      metricsTokenHash = TokenHasher.requireHash(metricsTokenHash, "metricsTokenHash");
    }
  }
}
