package io.sparkplane.triage;

/** Why a run was triaged. */
public enum Trigger {
  /** The run ended {@code FAILED}. */
  FAILED,
  /** The driver stopped reporting without a finish event. */
  LOST,
  /** The run succeeded after its SLA deadline. */
  SLA_BREACH
}
