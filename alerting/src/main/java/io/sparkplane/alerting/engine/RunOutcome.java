package io.sparkplane.alerting.engine;

import io.sparkplane.alerting.RunRef;
import io.sparkplane.collector.store.StoredRun;
import io.sparkplane.wire.RunStatus;
import io.sparkplane.wire.RunSummary;
import io.sparkplane.wire.Timing;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The facts of one finished run that the rules look at.
 *
 * @param region {@value #UNKNOWN_REGION} when the run has none, as in the collector's metrics
 * @param endTimeMs when the run ended: the event time every window counts on
 * @param durationMs end-to-end runtime (submit to end), if known
 * @param slaDeadlineMs the run's SLA deadline, if it has one
 */
public record RunOutcome(
    String tenant,
    String region,
    @Nullable String workload,
    String runId,
    RunStatus status,
    long endTimeMs,
    @Nullable Long durationMs,
    @Nullable Long slaDeadlineMs) {

  public static final String UNKNOWN_REGION = "unknown";

  public RunOutcome {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(status, "status");
  }

  /**
   * The outcome of a finished run, or empty if it is not finished. A run the collector marked
   * {@code LOST} has no end time (its driver went silent); it counts at {@code nowMs}, when it was
   * found lost, so that it lands in the current windows.
   */
  public static Optional<RunOutcome> of(StoredRun run, long nowMs) {
    if (!run.status().isTerminal()) {
      return Optional.empty();
    }
    RunSummary summary = run.summary();
    Timing timing = summary != null ? summary.timing() : null;
    @Nullable Long end = timing != null ? timing.endTimeMs() : null;
    if (end == null) {
      end = run.endTimeMs();
    }
    if (end == null && run.status() == RunStatus.LOST) {
      end = nowMs;
    }
    if (end == null) {
      return Optional.empty();
    }
    long submit = timing != null ? timing.submitTimeMs() : run.submitTimeMs();
    @Nullable Long duration =
        run.status() != RunStatus.LOST && submit > 0 && end >= submit ? end - submit : null;
    String region = run.identity().region();
    return Optional.of(
        new RunOutcome(
            run.tenant(),
            region == null || region.isBlank() ? UNKNOWN_REGION : region,
            run.identity().workload(),
            run.runId(),
            run.status(),
            end,
            duration,
            run.identity().slaDeadlineMs()));
  }

  /** {@code FAILED} or {@code LOST}. */
  public boolean failed() {
    return status == RunStatus.FAILED || status == RunStatus.LOST;
  }

  /** Ended after its SLA deadline. */
  public boolean missedSla() {
    return slaDeadlineMs != null && endTimeMs > slaDeadlineMs;
  }

  public RunRef ref() {
    return new RunRef(tenant, runId, endTimeMs);
  }
}
