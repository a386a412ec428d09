package io.sparkplane.alerting.notify;

/** A receiver did not accept a notification. */
public final class NotifierException extends RuntimeException {

  private final boolean retryable;

  public NotifierException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public NotifierException(String message, boolean retryable) {
    super(message);
    this.retryable = retryable;
  }

  /** Whether the same notification may be accepted later (network errors, 429, 5xx). */
  public boolean retryable() {
    return retryable;
  }
}
