package io.sparkplane.replay;

import io.sparkplane.wire.EventType;
import io.sparkplane.wire.RunSummary;
import io.sparkplane.wire.TelemetryEvent;
import java.util.List;

/**
 * What replaying one event log produced.
 *
 * @param source the event-log file or rolling directory
 * @param sparkVersion Spark version that wrote the log, optional (logs before Spark 1.4 lack it)
 * @param events RUN_STARTED and RUN_FINISHED events in emission order (no heartbeats in replay)
 * @param truncated whether the log ended mid-event (a cut last line or compressed block), which
 *     replay tolerates
 * @param unfinished whether the log never recorded the application's end, so its runs were finished
 *     at the last event time the log shows
 */
public record ReplayedLog(
    String source,
    String sparkVersion,
    List<TelemetryEvent> events,
    boolean truncated,
    boolean unfinished) {

  public ReplayedLog {
    events = List.copyOf(events);
  }

  /** The run summaries of the RUN_FINISHED events, in order. */
  public List<RunSummary> summaries() {
    return events.stream()
        .filter(e -> e.type() == EventType.RUN_FINISHED)
        .map(TelemetryEvent::summary)
        .toList();
  }
}
