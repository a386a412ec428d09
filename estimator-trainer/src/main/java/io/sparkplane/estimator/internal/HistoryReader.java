package io.sparkplane.estimator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.collector.store.RunCursor;
import io.sparkplane.collector.store.RunPage;
import io.sparkplane.collector.store.RunQuery;
import io.sparkplane.collector.store.RunStore;
import io.sparkplane.collector.store.StoredRun;
import io.sparkplane.estimator.EstimateRequestJson;
import io.sparkplane.wire.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Reads succeeded runs from any {@link RunStore} into a {@link TrainingHistory}, incrementally:
 * each read starts {@code overlap} before the newest submit time already read (runs finish after
 * they are submitted, so a run read as running may have finished since) and skips runs already
 * known. Internal.
 */
public final class HistoryReader {

  private final RunStore store;
  private final TrainingHistory history;
  private final Duration overlap;

  public HistoryReader(RunStore store, TrainingHistory history, Duration overlap) {
    this.store = store;
    this.history = history;
    this.overlap = overlap;
  }

  /** Reads what is new since the last call; returns how many runs were added. */
  public int catchUp() {
    long upTo = history.readUpToSubmitMs();
    RunQuery.Builder query = RunQuery.builder().status(RunStatus.SUCCEEDED).limit(RunQuery.MAX_LIMIT);
    if (upTo != Long.MIN_VALUE) {
      query.from(Instant.ofEpochMilli(upTo - overlap.toMillis()));
    }
    RunQuery q = query.build();
    int added = 0;
    long newest = upTo;
    RunCursor cursor = null;
    do {
      RunPage page = store.listRuns(q.withCursor(cursor));
      for (StoredRun run : page.runs()) {
        newest = Math.max(newest, run.submitTimeMs());
        if (add(run)) {
          added++;
        }
      }
      cursor = page.nextCursor();
    } while (cursor != null);
    history.readUpTo(newest);
    return added;
  }

  /** Adds one finished run (from the collector's finished-run call); false if known or unusable. */
  public boolean add(StoredRun run) {
    if (!run.isFinished() || history.contains(run.tenant(), run.runId())) {
      return false;
    }
    JsonNode estimate = store.attachments(run.tenant(), run.runId()).get(EstimateRequestJson.ATTACHMENT);
    Optional<TrainingRun> row = RunFeatures.of(run, estimate);
    return row.isPresent() && history.add(row.get());
  }
}
