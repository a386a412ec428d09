package io.sparkplane.replay;

import java.util.List;

/**
 * The outcome of a replay command.
 *
 * @param logsReplayed event logs replayed successfully
 * @param runsFinished RUN_FINISHED events produced (one per run)
 * @param eventsWritten events written to the NDJSON file
 * @param eventsSent events the collector accepted
 * @param errors one message per log that could not be replayed or output that failed, naming it
 */
public record ReplayReport(
    int logsReplayed, int runsFinished, long eventsWritten, long eventsSent, List<String> errors) {

  public ReplayReport {
    errors = List.copyOf(errors);
  }

  /** True when every log replayed and every output took every event. */
  public boolean ok() {
    return errors.isEmpty();
  }

  /** Process exit code for a CLI: 0 when {@link #ok()}, else 1. */
  public int exitCode() {
    return ok() ? 0 : 1;
  }
}
