package io.sparkplane.alerting.config;

/**
 * The alerting YAML is not valid. {@link #field()} is the dotted path of the offending setting,
 * e.g. {@code rules.failureBurst.threshold} or {@code notifiers[1].url}.
 */
public final class AlertingConfigException extends RuntimeException {

  private final String field;

  public AlertingConfigException(String source, String field, String reason, Throwable cause) {
    super("invalid alerting config " + source + ": " + field + ": " + reason, cause);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
