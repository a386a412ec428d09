package io.sparkplane.listener.ship;

import java.time.Duration;
import java.util.Optional;

/**
 * A batch could not be delivered; {@link #retryable()} says whether trying again may help, and
 * {@link #retryAfter()} how long the collector asked to wait first (its {@code Retry-After}), if it
 * said.
 */
public final class DeliveryException extends Exception {

  private final boolean retryable;
  private final Duration retryAfter;

  public DeliveryException(String message, boolean retryable, Throwable cause) {
    this(message, retryable, cause, null);
  }

  public DeliveryException(String message, boolean retryable, Throwable cause, Duration retryAfter) {
    super(message, cause);
    this.retryable = retryable;
    this.retryAfter = retryAfter;
  }

  public boolean retryable() {
    return retryable;
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
