package io.sparkplane.alerting;

import java.util.Locale;

/** What an alert key groups runs by: one tenant, one region, the whole fleet, or one workload. */
public enum Scope {
  GLOBAL,
  REGION,
  TENANT,
  WORKLOAD;

  /** Lower-case name, as in configuration and labels. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
