package io.sparkplane.wire;

/**
 * What the listener itself did for this run, so an operator can see what observing it cost and what
 * was lost.
 *
 * @param eventsHandled Spark listener events processed for the run
 * @param eventsDropped events not processed because the listener's budget was spent
 * @param telemetryDropped telemetry events dropped before delivery (queue full or delivery gave up)
 */
public record ListenerStats(long eventsHandled, long eventsDropped, long telemetryDropped) {

  public static final ListenerStats NONE = new ListenerStats(0, 0, 0);
}
