package io.sparkplane.alerting;

import java.util.Objects;

/**
 * A run counted by an alert.
 *
 * @param endTimeMs when the run ended (the event time the windows count on)
 */
public record RunRef(String tenant, String runId, long endTimeMs) {

  public RunRef {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(runId, "runId");
  }
}
