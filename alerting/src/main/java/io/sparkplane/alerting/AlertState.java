package io.sparkplane.alerting;

/** Where an alert is in its life. */
public enum AlertState {
  /** The condition holds. */
  FIRING,
  /** The condition stopped holding; the alert stays firing for the hold-down before it resolves. */
  HOLDING,
  /** Resolved: the condition has not held for the whole hold-down. */
  RESOLVED
}
