package io.sparkplane.alerting.testing;

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

/** Telemetry events as a listener sends them, for posting to a real collector. */
public final class WireEvents {

  private WireEvents() {}

  public static RunIdentity run(String tenant, String region, String runId, Long slaDeadlineMs) {
    return run(tenant, region, "nightly-etl", runId, slaDeadlineMs);
  }

  public static RunIdentity run(String tenant, String region, String workload, String runId, Long slaDeadlineMs) {
    return new RunIdentity(runId, tenant, region, workload, 1, "app-" + runId, "ETL", slaDeadlineMs);
  }

  public static TelemetryEvent started(RunIdentity run, long submitMs) {
    return TelemetryEvent.started(run, submitMs + 100, new RunStarted(submitMs, ResourceConf.UNKNOWN));
  }

  /** A run that was submitted at {@code endMs - 60 s} and ended at {@code endMs}. */
  public static TelemetryEvent finished(RunIdentity run, long endMs, RunStatus status) {
    return finished(run, endMs, status, 60_000);
  }

  /** A run that was submitted at {@code endMs - durationMs} and ended at {@code endMs}. */
  public static TelemetryEvent finished(RunIdentity run, long endMs, RunStatus status, long durationMs) {
    return finished(run, endMs, status, durationMs, ListenerStats.NONE);
  }

  /** As {@link #finished(RunIdentity, long, RunStatus, long)}, with what the run's listener reports of itself. */
  public static TelemetryEvent finished(
      RunIdentity run, long endMs, RunStatus status, long durationMs, ListenerStats listener) {
    long submit = endMs - durationMs;
    RunSummary summary =
        new RunSummary(
            status,
            new Timing(submit, submit + 100, endMs, endMs - submit - 100, null),
            null,
            ResourceConf.UNKNOWN,
            MetricTotals.ZERO,
            Progress.NONE,
            List.of(),
            0,
            MetricTotals.ZERO,
            List.of(),
            listener,
            null);
    return TelemetryEvent.finished(run, endMs, summary);
  }
}
