package io.sparkplane.collector.store;

import io.sparkplane.wire.Heartbeat;
import io.sparkplane.wire.RunStarted;
import io.sparkplane.wire.RunStatus;
import io.sparkplane.wire.RunSummary;
import io.sparkplane.wire.TelemetryEvent;
import io.sparkplane.wire.Timing;
import org.jspecify.annotations.Nullable;

/**
 * How one event changes a run. Pure, so every {@link RunStore} folds the same way. Events may arrive
 * out of order and more than once (a store drops repeated ids before folding), so:
 *
 * <ul>
 *   <li>{@code RUN_STARTED} makes a run {@code RUNNING} unless it already has a terminal status, and
 *       sets its identity, submit time and resources (and its start time, if still unknown);
 *   <li>{@code HEARTBEAT} replaces the last heartbeat only with a newer one and never changes the
 *       status;
 *   <li>the first {@code RUN_FINISHED} sets the status from its summary and stores the summary, also
 *       on a run the collector marked {@code LOST} (a late finish wins); later ones are counted but
 *       change nothing.
 * </ul>
 *
 * <pre>{@code
 * StoredRun run = RunFolding.apply(null, startedEvent);
 * run = RunFolding.apply(run, finishedEvent);
 * }</pre>
 */
public final class RunFolding {

  private RunFolding() {}

  /**
   * Folds {@code event} into {@code current}.
   *
   * @param current the run so far, or {@code null} if this is its first event
   * @throws IllegalArgumentException if the event belongs to another run
   */
  public static StoredRun apply(@Nullable StoredRun current, TelemetryEvent event) {
    if (current != null) {
      requireSameRun(current, event);
    }
    return switch (event.type()) {
      case RUN_STARTED -> started(current, event, event.started());
      case HEARTBEAT -> heartbeat(current, event, event.heartbeat());
      case RUN_FINISHED -> finished(current, event, event.summary());
    };
  }

  private static StoredRun started(@Nullable StoredRun cur, TelemetryEvent event, RunStarted body) {
    if (cur == null) {
      return new StoredRun(
          event.run(),
          RunStatus.RUNNING,
          body.submitTimeMs(),
          event.timeMs(),
          null,
          null,
          null,
          null,
          body.resources(),
          1);
    }
    return new StoredRun(
        event.run(),
        cur.status().isTerminal() ? cur.status() : RunStatus.RUNNING,
        body.submitTimeMs(),
        cur.startTimeMs() != null ? cur.startTimeMs() : Long.valueOf(event.timeMs()),
        cur.endTimeMs(),
        cur.lastHeartbeatMs(),
        cur.lastHeartbeat(),
        cur.summary(),
        body.resources(),
        cur.eventCount() + 1);
  }

  private static StoredRun heartbeat(@Nullable StoredRun cur, TelemetryEvent event, Heartbeat body) {
    if (cur == null) {
      return new StoredRun(
          event.run(),
          RunStatus.RUNNING,
          event.timeMs(),
          null,
          null,
          event.timeMs(),
          body,
          null,
          null,
          1);
    }
    boolean newer = cur.lastHeartbeatMs() == null || event.timeMs() >= cur.lastHeartbeatMs();
    long submitTime =
        onlyHeartbeatsSeen(cur) ? Math.min(cur.submitTimeMs(), event.timeMs()) : cur.submitTimeMs();
    return new StoredRun(
        cur.identity(),
        cur.status(),
        submitTime,
        cur.startTimeMs(),
        cur.endTimeMs(),
        newer ? Long.valueOf(event.timeMs()) : cur.lastHeartbeatMs(),
        newer ? body : cur.lastHeartbeat(),
        cur.summary(),
        cur.resources(),
        cur.eventCount() + 1);
  }

  private static StoredRun finished(@Nullable StoredRun cur, TelemetryEvent event, RunSummary body) {
    Timing timing = body.timing();
    Long endTime = timing.endTimeMs() != null ? timing.endTimeMs() : Long.valueOf(event.timeMs());
    if (cur == null) {
      return new StoredRun(
          event.run(),
          body.status(),
          timing.submitTimeMs(),
          timing.startTimeMs(),
          endTime,
          null,
          null,
          body,
          body.resources(),
          1);
    }
    if (cur.isFinished()) {
      return withOneMoreEvent(cur);
    }
    boolean heartbeatsOnly = onlyHeartbeatsSeen(cur);
    return new StoredRun(
        heartbeatsOnly ? event.run() : cur.identity(),
        body.status(),
        heartbeatsOnly ? timing.submitTimeMs() : cur.submitTimeMs(),
        cur.startTimeMs() != null ? cur.startTimeMs() : timing.startTimeMs(),
        endTime,
        cur.lastHeartbeatMs(),
        cur.lastHeartbeat(),
        body,
        cur.resources() != null ? cur.resources() : body.resources(),
        cur.eventCount() + 1);
  }

  /**
   * True while neither RUN_STARTED (which always sets the start time) nor RUN_FINISHED arrived, so
   * the submit time is only an estimate from heartbeat times.
   */
  private static boolean onlyHeartbeatsSeen(StoredRun run) {
    return run.startTimeMs() == null && !run.isFinished();
  }

  private static StoredRun withOneMoreEvent(StoredRun cur) {
    return new StoredRun(
        cur.identity(),
        cur.status(),
        cur.submitTimeMs(),
        cur.startTimeMs(),
        cur.endTimeMs(),
        cur.lastHeartbeatMs(),
        cur.lastHeartbeat(),
        cur.summary(),
        cur.resources(),
        cur.eventCount() + 1);
  }

  private static void requireSameRun(StoredRun current, TelemetryEvent event) {
    if (!current.tenant().equals(event.run().tenant())
        || !current.runId().equals(event.run().runId())) {
      throw new IllegalArgumentException(
          "event " + event.eventId() + " belongs to run " + event.run().tenant() + "/"
              + event.run().runId() + ", not " + current.tenant() + "/" + current.runId());
    }
  }
}
