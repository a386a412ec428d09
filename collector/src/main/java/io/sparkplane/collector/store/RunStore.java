package io.sparkplane.collector.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.wire.TelemetryEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where the collector keeps telemetry events and the runs folded from them. Implementations (the
 * embedded H2 store today, Elasticsearch later) must pass {@code AbstractRunStoreContractTest}.
 *
 * <p>Runs are keyed by tenant and run id; events by {@link TelemetryEvent#eventId()}, globally.
 * Events are folded into runs with {@link RunFolding}, so a late or redelivered event never moves a
 * finished run back to {@code RUNNING}.
 *
 * <pre>{@code
 * StoreResult result = store.append(List.of(started, finished));
 * Optional<StoredRun> run = store.findRun("acme", "app-123");
 * RunPage page = store.listRuns(RunQuery.builder().tenant("acme").limit(20).build());
 * }</pre>
 *
 * <p>Implementations are thread-safe.
 */
public interface RunStore extends AutoCloseable {

  /**
   * Stores the events whose ids the store has not seen yet and folds them into their runs, all or
   * nothing. When this method returns, the batch is durable. A batch from ingest is a {@link
   * ReceivedEvents}, which also carries each event's JSON as received: a store may keep those bytes
   * instead of serialising the events again.
   *
   * @return one outcome per input event, in input order; an id repeated within the batch counts as a
   *     duplicate after its first occurrence
   * @throws StoreException if the batch could not be stored; nothing of it was
   */
  StoreResult append(List<TelemetryEvent> events);

  /**
   * Finds a run by id.
   *
   * @param tenant the run's tenant, or {@code null} to match any tenant (if several tenants have a
   *     run with this id, the one of the alphabetically first tenant is returned)
   * @throws StoreException if the store cannot be read
   */
  Optional<StoredRun> findRun(@Nullable String tenant, String runId);

  /**
   * Lists runs matching {@code query}, newest submit time first, then by run id and tenant, both
   * descending.
   *
   * @throws StoreException if the store cannot be read
   */
  RunPage listRuns(RunQuery query);

  /**
   * Attaches a JSON document to a run under {@code name}, replacing any earlier document of that
   * name: the run's triage verdict, retry decisions, estimates. Durable when it returns.
   *
   * @throws java.util.NoSuchElementException if the tenant has no run with this id
   * @throws StoreException if the document could not be stored
   */
  void putAttachment(String tenant, String runId, String name, JsonNode document);

  /**
   * The documents attached to a run, by name; empty if none (or no such run).
   *
   * @throws StoreException if the store cannot be read
   */
  Map<String, JsonNode> attachments(String tenant, String runId);

  /**
   * Marks as {@code LOST} up to {@code limit} runs that are still {@code RUNNING} and whose last
   * event was <em>received</em> (by the store's clock, not the event's time, so a driver's clock skew
   * cannot lose a run) before {@code receivedBefore}, oldest first. Their last heartbeat (progress,
   * driver heap) and everything else stay as they were; a later {@code RUN_FINISHED} still sets the
   * final status (see {@link RunFolding}).
   * Atomic per run with respect to {@link #append}: a run that received an event meanwhile is left
   * alone. Durable when it returns.
   *
   * @return the runs this call marked, as stored afterwards
   * @throws StoreException if the store cannot be written
   */
  List<StoredRun> markLost(Instant receivedBefore, int limit);

  /** Whether the store can currently serve reads and writes. Never throws. */
  boolean isHealthy();

  /** Releases the store's resources; later calls fail. */
  @Override
  void close();
}
