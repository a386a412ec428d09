package io.sparkplane.wire;

/** Body of a {@link EventType#HEARTBEAT} event: progress and driver heap. */
public record Heartbeat(Progress progress, long driverHeapUsedBytes, long driverHeapMaxBytes) {}
