package io.sparkplane.estimator;

/** An estimate request that cannot be answered; names the offending field. */
public final class InvalidRequestException extends IllegalArgumentException {

  private final String field;

  public InvalidRequestException(String field, String message) {
    super(message);
    this.field = field;
  }

  /** JSON path of the field, e.g. {@code tables[2].rows}. */
  public String field() {
    return field;
  }
}
