package io.sparkplane.listener;

import io.sparkplane.wire.TelemetryEvent;

/** Where finished telemetry events go: the HTTP shipper when live, a file or a list in replay. */
@FunctionalInterface
public interface TelemetrySink {

  /** Takes an event without blocking; a sink that cannot take it drops and counts it. */
  void accept(TelemetryEvent event);
}
