package io.sparkplane.listener;

/**
 * The listener's time budget: the share of wall time its callbacks may take (in CPU time) on Spark's
 * listener-bus thread. Past it, per-task events are skipped (and counted) until the share falls
 * again; job and stage events are always handled. A grace period avoids tripping on start-up work.
 * The wall clock is read once every {@link #CHECK_EVERY} checks, keeping the check off the hot path.
 */
final class CallbackBudget {

  static final long GRACE_NANOS = 10_000_000_000L;
  static final int CHECK_EVERY = 256;

  private final double maxFraction;
  private final long startNanos;
  private long spentNanos;
  private int checks;
  private boolean exhausted;

  CallbackBudget(double maxFraction, long startNanos) {
    this.maxFraction = maxFraction;
    this.startNanos = startNanos;
  }

  void spent(long nanos) {
    spentNanos += nanos;
  }

  /** Whether callbacks have used more than their share; re-evaluated every few calls. */
  boolean exhausted() {
    if (++checks >= CHECK_EVERY) {
      checks = 0;
      exhausted = exhausted(System.nanoTime());
    }
    return exhausted;
  }

  boolean exhausted(long nowNanos) {
    long elapsed = nowNanos - startNanos;
    return elapsed > GRACE_NANOS && spentNanos > maxFraction * elapsed;
  }

  long spentNanos() {
    return spentNanos;
  }
}
