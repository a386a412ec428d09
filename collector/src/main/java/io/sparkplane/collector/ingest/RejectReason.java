package io.sparkplane.collector.ingest;

import java.util.Locale;

/** Why an ingest request was refused; also the {@code reason} tag of the rejection counter. */
public enum RejectReason {
  MALFORMED_JSON(400),
  SCHEMA_VIOLATION(400),
  BAD_ENCODING(400),
  /** JSON nesting deeper than {@code maxJsonDepth} or an event with more than {@code maxFieldsPerEvent} fields. */
  LIMIT_EXCEEDED(400),
  UNAUTHORIZED(401),
  FORBIDDEN(403),
  PAYLOAD_TOO_LARGE(413),
  UNSUPPORTED_MEDIA_TYPE(415),
  /** The tenant's token bucket is empty; the response carries {@code Retry-After}. */
  RATE_LIMITED(429),
  STORE_UNAVAILABLE(503),
  /**
   * Requests being ingested already hold {@code maxInflightPayloadBytes} of telemetry; the response
   * carries {@code Retry-After}.
   */
  OVERLOADED(503);

  private final int httpStatus;

  RejectReason(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** Lower-case form used in metrics and error bodies, e.g. {@code schema_violation}. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
