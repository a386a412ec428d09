package io.sparkplane.alerting.engine;

/** One built-in rule: keeps its own per-key state and reports conditions. Not thread-safe. */
interface Rule {

  /** Counts a finished run and reports the conditions of the keys it touched. */
  void observe(RunOutcome run, long nowMs, ConditionSink sink);

  /** Re-evaluates every key whose windows may have drained, and forgets empty keys. */
  void reevaluate(long nowMs, ConditionSink sink);
}
