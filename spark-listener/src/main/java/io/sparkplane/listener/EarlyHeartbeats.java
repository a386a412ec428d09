package io.sparkplane.listener;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * When a collection that left the driver's heap nearly full is worth a heartbeat before the next
 * scheduled one. A driver running out of heap dies within a second or two of its first collection
 * that cannot make room, often between two scheduled heartbeats; without an early one the run's last
 * heartbeat shows the heap from before the climb, and triage cannot tell an OOM from a kill.
 * Package-private: the listener's own plumbing, not an API.
 *
 * <p>A collection asks for one when the heap after it is at least {@link #FLOOR} of max and at least
 * {@link #STEP} above what the last heartbeat reported, and no early heartbeat went out in the last
 * {@link #MIN_GAP}: a climb from 70% to 100% costs at most 7 extra heartbeats, and a driver that
 * stays at 75% costs none beyond its schedule.
 *
 * <pre>{@code
 * EarlyHeartbeats early = new EarlyHeartbeats(maxHeapBytes, System::nanoTime);
 * if (early.collected(afterGcBytes)) { heartbeatNow(); }   // on each GC notification
 * early.reported(afterGcBytes);                           // on every heartbeat sent
 * }</pre>
 */
final class EarlyHeartbeats {

  /** Heap after GC / max from which a collection may send a heartbeat early. */
  static final double FLOOR = 0.7;
  /** Rise over the last reported figure that justifies another early heartbeat. */
  static final double STEP = 0.05;
  /** Least time between two early heartbeats (the schedule's own floor, too). */
  static final Duration MIN_GAP = Duration.ofMillis(100);

  private final long maxHeapBytes;
  private final LongSupplier nanoTime;
  private double lastReported;
  private long lastEarlyNanos;
  private boolean sentEarly;

  /** {@code maxHeapBytes} ≤ 0 (no defined max) never sends early. */
  EarlyHeartbeats(long maxHeapBytes, LongSupplier nanoTime) {
    this.maxHeapBytes = maxHeapBytes;
    this.nanoTime = nanoTime;
  }

  /** A collection left {@code afterGcBytes} in use: whether to send a heartbeat now. */
  synchronized boolean collected(long afterGcBytes) {
    if (maxHeapBytes <= 0) {
      return false;
    }
    double fraction = (double) afterGcBytes / maxHeapBytes;
    long now = nanoTime.getAsLong();
    boolean due =
        fraction >= FLOOR
            && fraction >= lastReported + STEP
            && (!sentEarly || now - lastEarlyNanos >= MIN_GAP.toNanos());
    if (due) {
      sentEarly = true;
      lastEarlyNanos = now;
      lastReported = fraction; // the heartbeat about to go out reports at least this
    }
    return due;
  }

  /** A heartbeat went out with this after-GC figure (null: none yet). */
  synchronized void reported(Long afterGcBytes) {
    lastReported = afterGcBytes == null || maxHeapBytes <= 0 ? 0 : (double) afterGcBytes / maxHeapBytes;
  }
}
