package io.sparkplane.listener.ship;

/** A batch could not be delivered; {@link #retryable()} says whether trying again may help. */
public final class DeliveryException extends Exception {

  private final boolean retryable;

  public DeliveryException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }
}
