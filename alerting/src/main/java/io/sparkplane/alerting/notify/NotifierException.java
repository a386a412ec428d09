package io.sparkplane.alerting.notify;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A receiver did not accept a notification. */
public final class NotifierException extends RuntimeException {

  private final boolean retryable;
  private final @Nullable Duration retryAfter;

  public NotifierException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
    this.retryAfter = null;
  }

  public NotifierException(String message, boolean retryable) {
    this(message, retryable, (Duration) null);
  }

  /**
   * @param retryAfter how long the receiver asked to wait before the next attempt ({@code
   *     Retry-After} on a 429 or 503), or null
   */
  public NotifierException(String message, boolean retryable, @Nullable Duration retryAfter) {
    super(message);
    this.retryable = retryable;
    this.retryAfter = retryAfter;
  }

  /** Whether the same notification may be accepted later (network errors, 429, 5xx). */
  public boolean retryable() {
    return retryable;
  }

  /** How long the receiver asked to wait before the next attempt, if it said. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
