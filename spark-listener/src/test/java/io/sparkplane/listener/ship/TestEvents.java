package io.sparkplane.listener.ship;

import io.sparkplane.wire.Heartbeat;
import io.sparkplane.wire.Progress;
import io.sparkplane.wire.ResourceConf;
import io.sparkplane.wire.RunIdentity;
import io.sparkplane.wire.RunStarted;
import io.sparkplane.wire.TelemetryEvent;

/** Small telemetry events for shipping tests; the run id says which one it is. */
final class TestEvents {

  private TestEvents() {}

  static TelemetryEvent runEvent(String runId) {
    return TelemetryEvent.started(identity(runId), 1L, new RunStarted(1L, ResourceConf.UNKNOWN));
  }

  static TelemetryEvent heartbeat(String runId) {
    return TelemetryEvent.heartbeat(identity(runId), 2L, new Heartbeat(Progress.NONE, 0L, 0L));
  }

  private static RunIdentity identity(String runId) {
    return new RunIdentity(runId, RunIdentity.DEFAULT_TENANT, null, null, 1, null, null, null);
  }
}
