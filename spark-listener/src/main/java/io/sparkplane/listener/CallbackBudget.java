package io.sparkplane.listener;

/**
 * The listener's time budget: the share of wall time its callbacks may take on Spark's listener-bus
 * thread. Past it, per-task events are skipped (and counted) until the share falls again; job and
 * stage events are always handled. A grace period avoids tripping on start-up work.
 */
final class CallbackBudget {

  static final long GRACE_NANOS = 10_000_000_000L;

  private final double maxFraction;
  private final long startNanos;
  private long spentNanos;

  CallbackBudget(double maxFraction, long startNanos) {
    this.maxFraction = maxFraction;
    this.startNanos = startNanos;
  }

  void spent(long nanos) {
    spentNanos += nanos;
  }

  boolean exhausted(long nowNanos) {
    long elapsed = nowNanos - startNanos;
    return elapsed > GRACE_NANOS && spentNanos > maxFraction * elapsed;
  }

  long spentNanos() {
    return spentNanos;
  }
}
