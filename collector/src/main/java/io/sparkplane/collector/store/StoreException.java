package io.sparkplane.collector.store;

/** A store could not read or write; the operation had no effect and may be retried. */
public class StoreException extends RuntimeException {

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public StoreException(String message) {
    super(message);
  }
}
