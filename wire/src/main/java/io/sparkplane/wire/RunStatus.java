package io.sparkplane.wire;

/** Outcome of a run. {@code LOST} is assigned by the collector, never by a listener. */
public enum RunStatus {
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED,
  LOST;

  public boolean isTerminal() {
    return this != RUNNING;
  }
}
