package io.sparkplane.estimator;

/** A model file that was refused: the serving model stays in place. */
public final class ModelLoadException extends RuntimeException {

  /** Why a file was refused; the {@code reason} tag of the load-failure metric. */
  public enum Reason {
    /** Missing, truncated, wrong checksum, or not a model file at all. */
    CORRUPT,
    /** A model file of another format or feature-schema version. */
    INCOMPATIBLE
  }

  private final Reason reason;

  public ModelLoadException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public ModelLoadException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
