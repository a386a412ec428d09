package io.sparkplane.listener;

import io.sparkplane.wire.EventType;
import io.sparkplane.wire.TelemetryEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** A sink that keeps every event, with a bounded wait for a run's summary. */
public final class RecordingSink implements TelemetrySink {

  private final ConcurrentLinkedQueue<TelemetryEvent> events = new ConcurrentLinkedQueue<>();

  @Override
  public void accept(TelemetryEvent event) {
    events.add(event);
  }

  public List<TelemetryEvent> events() {
    return new ArrayList<>(events);
  }

  public List<TelemetryEvent> eventsOf(String runId) {
    return events.stream().filter(e -> e.run().runId().equals(runId)).toList();
  }

  /** Waits for the RUN_FINISHED event of {@code runId}; fails after {@code timeout}. */
  public TelemetryEvent awaitFinished(String runId, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (TelemetryEvent e : events) {
        if (e.type() == EventType.RUN_FINISHED && e.run().runId().equals(runId)) {
          return e;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no RUN_FINISHED for " + runId + " within " + timeout);
  }
}
