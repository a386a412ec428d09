package io.sparkplane.engine.workload;

import java.io.Serializable;

/**
 * An attempt's time budget as tasks see it: the deadline (epoch millis, the driver's clock — the
 * same clock in local mode) and the message a task fails with past it. The message names no known
 * error signature on purpose: the run failed because it ran too long, and triage should judge it by
 * its stages (a straggler) rather than by the text.
 *
 * @param deadlineMs epoch millis the attempt must end by
 * @param seconds the budget, for the message
 */
public record AttemptBudget(long deadlineMs, long seconds) implements Serializable {

  public String message() {
    return "run exceeded its time budget of " + seconds + " s";
  }

  /** Throws the budget failure when {@code nowMs} is past the deadline. */
  public void check(long nowMs) {
    if (nowMs > deadlineMs) {
      throw exceeded();
    }
  }

  public RuntimeException exceeded() {
    return new RuntimeException(message());
  }

  public boolean isExceededBy(String error) {
    return error != null && error.contains("run exceeded its time budget of ");
  }
}
