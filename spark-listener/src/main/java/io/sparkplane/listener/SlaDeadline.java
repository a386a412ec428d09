package io.sparkplane.listener;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Parses an SLA deadline given as epoch millis or an ISO-8601 instant. */
public final class SlaDeadline {

  private SlaDeadline() {}

  /** Returns the deadline in epoch millis, or {@code null} when absent or unparseable. */
  public static Long parse(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException notMillis) {
      try {
        return Instant.parse(v).toEpochMilli();
      } catch (DateTimeParseException notIso) {
        return null;
      }
    }
  }
}
