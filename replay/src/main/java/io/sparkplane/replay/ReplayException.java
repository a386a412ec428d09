package io.sparkplane.replay;

/**
 * An event log could not be replayed, or its telemetry could not be written. The message starts with
 * the input or output concerned (a file path or a collector URL).
 */
public final class ReplayException extends Exception {

  private final String source;

  public ReplayException(String source, String message, Throwable cause) {
    super(source + ": " + message, cause);
    this.source = source;
  }

  /** The event log file or directory, output file or collector URL the failure concerns. */
  public String source() {
    return source;
  }
}
