package io.sparkplane.listener.ship;

import io.sparkplane.wire.EventType;
import io.sparkplane.wire.TelemetryEvent;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;

/**
 * A bounded FIFO of events awaiting delivery that never blocks the producer. When full, a heartbeat
 * gives way first: an incoming heartbeat is dropped, and an incoming run event evicts the oldest
 * queued heartbeat; only when no heartbeat is left is a run event dropped. Every drop is counted.
 */
public final class BoundedEventQueue {

  private final int capacity;
  private final ArrayDeque<TelemetryEvent> events = new ArrayDeque<>();
  private long droppedHeartbeats;
  private long droppedRunEvents;
  private int highWaterMark;

  public BoundedEventQueue(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
    }
    this.capacity = capacity;
  }

  /** Adds an event; returns false when it (or nothing else) had to be dropped. */
  public synchronized boolean offer(TelemetryEvent event) {
    if (events.size() >= capacity) {
      if (event.type() == EventType.HEARTBEAT) {
        droppedHeartbeats++;
        return false;
      }
      if (!evictOldestHeartbeat()) {
        droppedRunEvents++;
        return false;
      }
    }
    events.addLast(event);
    highWaterMark = Math.max(highWaterMark, events.size());
    notifyAll();
    return true;
  }

  private boolean evictOldestHeartbeat() {
    Iterator<TelemetryEvent> it = events.iterator();
    while (it.hasNext()) {
      if (it.next().type() == EventType.HEARTBEAT) {
        it.remove();
        droppedHeartbeats++;
        return true;
      }
    }
    return false;
  }

  /** Moves up to {@code max} events into {@code out}, waiting up to {@code waitMs} for the first. */
  public synchronized int drainTo(List<TelemetryEvent> out, int max, long waitMs)
      throws InterruptedException {
    if (events.isEmpty() && waitMs > 0) {
      wait(waitMs);
    }
    int n = 0;
    while (n < max && !events.isEmpty()) {
      out.add(events.pollFirst());
      n++;
    }
    return n;
  }

  /**
   * Puts events that could not be delivered back at the head, in their order. Past capacity, queued
   * heartbeats give way (oldest first); run events are never evicted, so the queue may exceed its
   * capacity by at most the one batch that was out for delivery.
   */
  public synchronized void requeueFirst(List<TelemetryEvent> batch) {
    for (int i = batch.size() - 1; i >= 0; i--) {
      events.addFirst(batch.get(i));
    }
    while (events.size() > capacity && evictOldestHeartbeat()) {
      // each pass evicted and counted one heartbeat
    }
    highWaterMark = Math.max(highWaterMark, events.size());
  }

  /** Wakes a consumer waiting in {@link #drainTo}. */
  public synchronized void wakeUp() {
    notifyAll();
  }

  public synchronized int size() {
    return events.size();
  }

  public synchronized long droppedHeartbeats() {
    return droppedHeartbeats;
  }

  public synchronized long droppedRunEvents() {
    return droppedRunEvents;
  }

  public synchronized int highWaterMark() {
    return highWaterMark;
  }
}
