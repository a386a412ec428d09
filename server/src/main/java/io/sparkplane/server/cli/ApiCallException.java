package io.sparkplane.server.cli;

/** The control plane could not be reached or refused a call; the message says which and why. */
public final class ApiCallException extends RuntimeException {

  public ApiCallException(String message) {
    super(message);
  }
}
