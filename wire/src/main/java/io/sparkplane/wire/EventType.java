package io.sparkplane.wire;

/** Kind of a telemetry event; decides which section of {@link TelemetryEvent} is present. */
public enum EventType {
  RUN_STARTED,
  HEARTBEAT,
  RUN_FINISHED
}
