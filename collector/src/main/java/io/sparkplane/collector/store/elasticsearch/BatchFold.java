package io.sparkplane.collector.store.elasticsearch;

import io.sparkplane.collector.store.AppendOutcome;
import io.sparkplane.collector.store.RunFolding;
import io.sparkplane.collector.store.StoredRun;
import io.sparkplane.wire.TelemetryEvent;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One run's events of a batch folded onto its stored document with {@link RunFolding}. An event
 * whose id the document already lists is a duplicate (an earlier, possibly failed, append stored it).
 *
 * @param base the document read, or {@code null} for a new run
 * @param folded the document to write; equal to the base when {@link #changed()} is false
 * @param outcomes by position of the event in the batch
 */
record BatchFold(
    @Nullable LoadedRun base, StoredRunDocument folded, Map<Integer, AppendOutcome> outcomes) {

  static BatchFold of(@Nullable LoadedRun base, List<Integer> positions, List<TelemetryEvent> batch) {
    StoredRun run = base == null ? null : base.document().run();
    Set<String> ids = new LinkedHashSet<>();
    if (base != null) {
      ids.addAll(base.document().eventIds());
    }
    Map<Integer, AppendOutcome> outcomes = new LinkedHashMap<>();
    for (int position : positions) {
      TelemetryEvent event = batch.get(position);
      if (ids.add(event.eventId())) {
        run = RunFolding.apply(run, event);
        outcomes.put(position, AppendOutcome.ACCEPTED);
      } else {
        outcomes.put(position, AppendOutcome.DUPLICATE);
      }
    }
    if (run == null) {
      // every event was a duplicate of a document that exists
      run = base.document().run();
    }
    return new BatchFold(base, new StoredRunDocument(run, ids), outcomes);
  }

  boolean changed() {
    return outcomes.containsValue(AppendOutcome.ACCEPTED);
  }

  /** Whether this fold gives the run its final summary. */
  boolean finishesRun() {
    boolean before = base != null && base.document().run().isFinished();
    return !before && folded.run().isFinished();
  }
}
