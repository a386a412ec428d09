package io.sparkplane.listener;

import io.sparkplane.listener.aggregate.RunTracker;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The {@code sparkplane-heartbeat} thread: a heartbeat for every active run every {@code
 * spark.sparkplane.heartbeat.interval}, each with the driver's heap now and right after its latest
 * GC ({@link HeapAfterGc}), and one early when a GC leaves the heap nearly full ({@link
 * EarlyHeartbeats}). Package-private: the listener's own plumbing, not an API.
 */
final class Heartbeats implements AutoCloseable {

  private final ScheduledExecutorService executor;
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final RunTracker tracker;
  private final Clock clock;
  private final CallbackGuard guard;
  private final EarlyHeartbeats early;
  private final HeapAfterGc heapAfterGc;

  private Heartbeats(
      RunTracker tracker, Duration interval, Clock clock, CallbackGuard guard, AtomicReference<Thread> thread) {
    this.tracker = tracker;
    this.clock = clock;
    this.guard = guard;
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "sparkplane-heartbeat");
              t.setDaemon(true);
              thread.set(t);
              return t;
            });
    this.early = new EarlyHeartbeats(memory.getHeapMemoryUsage().getMax(), System::nanoTime);
    this.heapAfterGc = subscribe();
    long periodMs = Math.max(100, interval.toMillis());
    executor.scheduleAtFixedRate(this::beat, periodMs, periodMs, TimeUnit.MILLISECONDS);
  }

  /** Starts the schedule; {@code thread} receives the heartbeat thread, for cost accounting. */
  static Heartbeats start(
      RunTracker tracker, Duration interval, Clock clock, CallbackGuard guard, AtomicReference<Thread> thread) {
    return new Heartbeats(tracker, interval, clock, guard, thread);
  }

  /** GC notifications, or none on a JVM without them: heartbeats then go without the after-GC figure. */
  private HeapAfterGc subscribe() {
    try {
      return HeapAfterGc.start(this::collected, guard::failed);
    } catch (Throwable e) {
      guard.failed("GC notifications (heartbeats go without the after-GC heap)", e);
      return null;
    }
  }

  /** On the JVM's notification thread: hand an early heartbeat to the heartbeat thread. */
  private void collected(long afterGcBytes) {
    if (guard.disabled() || !early.collected(afterGcBytes)) {
      return;
    }
    try {
      executor.execute(this::beat);
    } catch (RejectedExecutionException e) {
      // the application ended between this collection and now: nothing left to report
    }
  }

  private void beat() {
    if (guard.disabled()) {
      return;
    }
    try {
      MemoryUsage heap = memory.getHeapMemoryUsage();
      Long afterGc = heapAfterGc == null ? null : heapAfterGc.latestBytes();
      tracker.tick(clock.millis(), heap.getUsed(), heap.getMax(), afterGc);
      early.reported(afterGc);
    } catch (Throwable e) {
      guard.failed("heartbeat", e);
    }
  }

  /** Stops the schedule and the GC subscription. */
  @Override
  public void close() {
    if (heapAfterGc != null) {
      heapAfterGc.close();
    }
    executor.shutdownNow();
  }
}
