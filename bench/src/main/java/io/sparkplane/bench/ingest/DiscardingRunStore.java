package io.sparkplane.bench.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.collector.store.AppendOutcome;
import io.sparkplane.collector.store.RunPage;
import io.sparkplane.collector.store.RunQuery;
import io.sparkplane.collector.store.RunStore;
import io.sparkplane.collector.store.StoreResult;
import io.sparkplane.collector.store.StoredRun;
import io.sparkplane.wire.TelemetryEvent;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A store that keeps nothing and accepts every event: with it the bench measures what ingest costs
 * without any store (HTTP, decompression, parsing, validation, binding, the load generator), the
 * ceiling that no store can raise. Not a product store: it folds no runs and reports no finished
 * ones.
 */
final class DiscardingRunStore implements RunStore {

  @Override
  public StoreResult append(List<TelemetryEvent> events) {
    return new StoreResult(Collections.nCopies(events.size(), AppendOutcome.ACCEPTED), List.of());
  }

  @Override
  public Optional<StoredRun> findRun(String tenant, String runId) {
    return Optional.empty();
  }

  @Override
  public RunPage listRuns(RunQuery query) {
    return new RunPage(List.of(), null);
  }

  @Override
  public void putAttachment(String tenant, String runId, String name, JsonNode document) {
    throw new UnsupportedOperationException("the discarding store keeps no runs");
  }

  @Override
  public Map<String, JsonNode> attachments(String tenant, String runId) {
    return Map.of();
  }

  @Override
  public List<StoredRun> markLost(Instant receivedBefore, int limit) {
    return List.of();
  }

  @Override
  public boolean isHealthy() {
    return true;
  }

  @Override
  public void close() {}
}
