package io.sparkplane.alerting;

import java.util.Locale;

/** How urgent an alert is; the names are PagerDuty's severities, so they map one to one. */
public enum Level {
  CRITICAL,
  ERROR,
  WARNING,
  INFO;

  /** Lower-case name, as in configuration and labels. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
