package io.sparkplane.collector;

import io.sparkplane.wire.Heartbeat;
import io.sparkplane.wire.ListenerStats;
import io.sparkplane.wire.MetricTotals;
import io.sparkplane.wire.Progress;
import io.sparkplane.wire.ResourceConf;
import io.sparkplane.wire.RunIdentity;
import io.sparkplane.wire.RunStarted;
import io.sparkplane.wire.RunStatus;
import io.sparkplane.wire.RunSummary;
import io.sparkplane.wire.TelemetryEvent;
import io.sparkplane.wire.Timing;
import java.util.List;

/** Builds wire events for tests, with readable defaults. */
public final class TestEvents {

  public static final ResourceConf RESOURCES =
      new ResourceConf("yarn", "4.0.1", 4, 2, 4096L, 512L, 2048L, 200, true, true, true, false);

  private TestEvents() {}

  public static RunIdentity run(String tenant, String runId) {
    return run(tenant, runId, "nightly-etl");
  }

  public static RunIdentity run(String tenant, String runId, String workload) {
    return new RunIdentity(runId, tenant, "eu-west-1", workload, 1, "app-" + runId, "ETL", null);
  }

  public static TelemetryEvent started(RunIdentity run, long submitTimeMs) {
    return TelemetryEvent.started(run, submitTimeMs + 100, new RunStarted(submitTimeMs, RESOURCES));
  }

  public static TelemetryEvent heartbeat(RunIdentity run, long timeMs, long completedTasks) {
    Progress progress = new Progress(1, 0, 0, 1, 0, 0, completedTasks, 0);
    return TelemetryEvent.heartbeat(run, timeMs, new Heartbeat(progress, 1L << 20, 1L << 30));
  }

  public static TelemetryEvent finished(RunIdentity run, long submitTimeMs, RunStatus status) {
    return TelemetryEvent.finished(run, submitTimeMs + 60_000, summary(submitTimeMs, status));
  }

  public static RunSummary summary(long submitTimeMs, RunStatus status) {
    Timing timing =
        new Timing(submitTimeMs, submitTimeMs + 100, submitTimeMs + 60_000, 59_900L, null);
    return new RunSummary(
        status,
        timing,
        null,
        RESOURCES,
        MetricTotals.ZERO,
        new Progress(0, 3, 0, 0, 7, 0, 700, 0),
        List.of(),
        0,
        MetricTotals.ZERO,
        List.of(),
        ListenerStats.NONE);
  }

  /** The same event with another id, i.e. a second, distinct event with the same content. */
  public static TelemetryEvent withId(TelemetryEvent e, String eventId) {
    return new TelemetryEvent(
        e.schemaVersion(), eventId, e.type(), e.timeMs(), e.run(), e.started(), e.heartbeat(), e.summary());
  }
}
