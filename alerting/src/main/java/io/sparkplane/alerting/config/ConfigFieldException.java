package io.sparkplane.alerting.config;

/** A setting has a bad value; {@link #field()} names it relative to the object that holds it. */
public final class ConfigFieldException extends IllegalArgumentException {

  private final String field;

  public ConfigFieldException(String field, String message) {
    super(field + ": " + message);
    this.field = field;
  }

  public String field() {
    return field;
  }

  /** The message without the field prefix. */
  public String reason() {
    return getMessage().substring(field.length() + 2);
  }
}
