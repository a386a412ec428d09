package io.sparkplane.collector.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.wire.TelemetryEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A store that forwards every call to another; extend it to change one behaviour (fault injection in
 * tests, instrumentation) without repeating the rest.
 */
public abstract class ForwardingRunStore implements RunStore {

  private final RunStore delegate;

  protected ForwardingRunStore(RunStore delegate) {
    this.delegate = delegate;
  }

  protected RunStore delegate() {
    return delegate;
  }

  @Override
  public StoreResult append(List<TelemetryEvent> events) {
    return delegate.append(events);
  }

  @Override
  public Optional<StoredRun> findRun(@Nullable String tenant, String runId) {
    return delegate.findRun(tenant, runId);
  }

  @Override
  public RunPage listRuns(RunQuery query) {
    return delegate.listRuns(query);
  }

  @Override
  public void putAttachment(String tenant, String runId, String name, JsonNode document) {
    delegate.putAttachment(tenant, runId, name, document);
  }

  @Override
  public Map<String, JsonNode> attachments(String tenant, String runId) {
    return delegate.attachments(tenant, runId);
  }

  @Override
  public List<StoredRun> markLost(Instant receivedBefore, int limit) {
    return delegate.markLost(receivedBefore, limit);
  }

  @Override
  public boolean isHealthy() {
    return delegate.isHealthy();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
