package io.sparkplane.collector.store;

import io.sparkplane.wire.Heartbeat;
import io.sparkplane.wire.ResourceConf;
import io.sparkplane.wire.RunIdentity;
import io.sparkplane.wire.RunStatus;
import io.sparkplane.wire.RunSummary;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A run as the store knows it, folded from its events by {@link RunFolding}.
 *
 * @param identity from {@code RUN_STARTED} once seen, else from the first event stored
 * @param status {@code RUNNING} until a {@code RUN_FINISHED} sets the summary's status
 * @param submitTimeMs from {@code RUN_STARTED} or the summary's timing; until either arrives, the
 *     earliest event time seen, so that every run has a place in the listing order
 * @param startTimeMs when the application started, if known
 * @param endTimeMs when the run ended, if finished
 * @param lastHeartbeatMs event time of the newest heartbeat, if any
 * @param lastHeartbeat the newest heartbeat, if any
 * @param summary the final summary, present once the run finished
 * @param resources from {@code RUN_STARTED}, else from the summary, if either arrived
 * @param eventCount distinct events stored for the run
 */
public record StoredRun(
    RunIdentity identity,
    RunStatus status,
    long submitTimeMs,
    @Nullable Long startTimeMs,
    @Nullable Long endTimeMs,
    @Nullable Long lastHeartbeatMs,
    @Nullable Heartbeat lastHeartbeat,
    @Nullable RunSummary summary,
    @Nullable ResourceConf resources,
    long eventCount) {

  public StoredRun {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(status, "status");
    if (eventCount < 1) {
      throw new IllegalArgumentException("eventCount must be >= 1, was " + eventCount);
    }
  }

  /** Whether the final summary arrived; a finished run never returns to {@code RUNNING}. */
  public boolean isFinished() {
    return summary != null;
  }

  public String tenant() {
    return identity.tenant();
  }

  public String runId() {
    return identity.runId();
  }
}
