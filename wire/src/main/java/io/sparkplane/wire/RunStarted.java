package io.sparkplane.wire;

/** Body of a {@link EventType#RUN_STARTED} event. */
public record RunStarted(long submitTimeMs, ResourceConf resources) {}
