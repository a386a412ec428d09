package io.sparkplane.collector.store.h2;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.collector.store.AppendOutcome;
import io.sparkplane.collector.store.FinishedRun;
import io.sparkplane.collector.store.ReceivedEvents;
import io.sparkplane.collector.store.RunCursor;
import io.sparkplane.collector.store.RunFolding;
import io.sparkplane.collector.store.RunPage;
import io.sparkplane.collector.store.RunQuery;
import io.sparkplane.collector.store.RunStore;
import io.sparkplane.collector.store.StoreException;
import io.sparkplane.collector.store.StoreResult;
import io.sparkplane.collector.store.StoredRun;
import io.sparkplane.wire.EventType;
import io.sparkplane.wire.RunStatus;
import io.sparkplane.wire.RunSummary;
import io.sparkplane.wire.TelemetryEvent;
import io.sparkplane.wire.TelemetryJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link RunStore}: an embedded H2 database in {@code <dataDir>/sparkplane.mv.db}.
 *
 * <p>Appends are serialised (one writer; H2 embedded is single-process anyway, enforced by its file
 * lock) and each batch is one transaction. A JDBC commit alone leaves the change in memory until
 * H2's background writer persists it, so after committing the store runs {@code CHECKPOINT SYNC},
 * which writes and fsyncs the MVStore: an append that returned survives a crash. Concurrent writes
 * (appends and attachments) share that sync (group commit): they queue while one is being written,
 * and the next writer commits every queued write, each in its own transaction, then syncs once for
 * all of them. No write returns before the sync that covers it.
 *
 * <pre>{@code
 * try (H2RunStore store = H2RunStore.open(Path.of("data"), Clock.systemUTC())) {
 *   store.append(events);
 * }
 * }</pre>
 */
public final class H2RunStore implements RunStore {

  /** Base name of the database files in the data directory. */
  public static final String DATABASE_NAME = "sparkplane";

  private static final Logger log = LoggerFactory.getLogger(H2RunStore.class);
  private static final int VALIDATION_TIMEOUT_SECONDS = 2;

  /**
   * Data directories open in this JVM. H2's file lock keeps other processes out, but it lets a second
   * connection in the same JVM share the database, which would break the one-writer rule.
   */
  private static final Set<Path> OPEN_DIRECTORIES = ConcurrentHashMap.newKeySet();

  private final Path directory;
  private final JdbcConnectionPool pool;
  private final Clock clock;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final Queue<PendingWrite<?>> pending = new ConcurrentLinkedQueue<>();
  /** The group commits' connection; guarded by the write lock, opened on first write. */
  private @Nullable WriteSession writer;
  private volatile boolean closed;

  private H2RunStore(Path directory, JdbcConnectionPool pool, Clock clock) {
    this.directory = directory;
    this.pool = pool;
    this.clock = clock;
  }

  /**
   * Opens (creating if needed) the store in {@code dataDir}.
   *
   * @throws StoreException if the directory or database cannot be opened, e.g. because another
   *     process holds it
   */
  public static H2RunStore open(Path dataDir, Clock clock) {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(clock, "clock");
    Path directory;
    try {
      directory = Files.createDirectories(dataDir).toRealPath();
    } catch (IOException e) {
      throw new StoreException("cannot create data directory " + dataDir, e);
    }
    if (!OPEN_DIRECTORIES.add(directory)) {
      throw new StoreException("data directory " + directory + " is already open in this JVM");
    }
    try {
      return new H2RunStore(directory, openPool(directory), clock);
    } catch (RuntimeException e) {
      OPEN_DIRECTORIES.remove(directory);
      throw e;
    }
  }

  /** How long H2 keeps a large object a query returned (its LOB_TIMEOUT); reads copy it out at once. */
  static final int RESULT_LOB_TIMEOUT_MILLIS = 10_000;

  private static JdbcConnectionPool openPool(Path directory) {
    // DB_CLOSE_ON_EXIT=FALSE: the owner closes the store in its own shutdown order; H2's own
    // shutdown hook could otherwise close it under requests still being served.
    // LOB_TIMEOUT: H2 keeps every large object a query returned for this long (300 s by default,
    // for remote clients that stream it later); this store copies each one out at once, and at
    // ingest rates the default kept tens of thousands of them on the heap (found by the soak test).
    String url =
        "jdbc:h2:file:" + directory.resolve(DATABASE_NAME) + ";DB_CLOSE_ON_EXIT=FALSE;LOB_TIMEOUT="
            + RESULT_LOB_TIMEOUT_MILLIS;
    JdbcConnectionPool pool = JdbcConnectionPool.create(url, "sa", "");
    try (Connection connection = pool.getConnection()) {
      H2Schema.create(connection);
    } catch (SQLException e) {
      pool.dispose();
      throw new StoreException("cannot open H2 store in " + directory, e);
    }
    log.info("H2 run store opened at {}", directory);
    return pool;
  }

  @Override
  public StoreResult append(List<TelemetryEvent> events) {
    if (events.isEmpty()) {
      return new StoreResult(List.of(), List.of());
    }
    // compressed by the calling thread, before the write lock: the group's writer only inserts
    List<byte[]> bodies = storedBodies(events);
    return Objects.requireNonNull(
        write(
            "append " + events.size() + " events",
            session -> appendInTransaction(session, events, bodies)));
  }

  /**
   * What each event's row keeps: the JSON the request carried, if the batch came from ingest ({@link
   * ReceivedEvents}), otherwise the event serialised; deflated ({@link EventBodies}).
   */
  private static List<byte[]> storedBodies(List<TelemetryEvent> events) {
    List<byte[]> bodies = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      byte[] received = ReceivedEvents.jsonOrNull(events, i);
      bodies.add(EventBodies.deflate(received != null ? received : StoredJson.writeBytes(events.get(i))));
    }
    return bodies;
  }

  /**
   * Queues one transaction for the group commit and returns once a sync covers it (or it failed).
   * The caller that finds the write lock free commits the queue, its own write included unless an
   * earlier group already took it.
   */
  private <T> @Nullable T write(String what, Transaction<T> transaction) {
    PendingWrite<T> mine = new PendingWrite<>(what, transaction);
    pending.add(mine);
    writeLock.lock();
    try {
      if (!mine.isDone()) {
        writeGroup();
      }
    } finally {
      writeLock.unlock();
    }
    return mine.result();
  }

  /**
   * Under the write lock: commits every queued write, each in its own transaction, then makes them
   * durable with one sync. A write whose transaction failed fails alone; if the sync fails, every
   * write of the group fails (its commit may not be durable).
   */
  private void writeGroup() {
    List<PendingWrite<?>> group = new ArrayList<>();
    for (PendingWrite<?> next = pending.poll(); next != null; next = pending.poll()) {
      group.add(next);
    }
    try {
      WriteSession session = writer();
      Connection connection = session.connection();
      connection.setAutoCommit(false);
      try {
        for (PendingWrite<?> write : group) {
          write.commitIn(session);
        }
      } finally {
        connection.setAutoCommit(true);
      }
      sync(session);
      group.forEach(PendingWrite::markDurable);
    } catch (SQLException | RuntimeException e) {
      group.forEach(write -> write.fail(e));
      // the next group starts on a fresh connection
      closeWriter(e);
    }
  }

  private WriteSession writer() throws SQLException {
    if (writer == null) {
      writer = new WriteSession(connection());
    }
    return writer;
  }

  private void closeWriter(Exception cause) {
    if (writer != null) {
      try {
        writer.close();
      } catch (SQLException e) {
        cause.addSuppressed(e);
      }
      writer = null;
    }
  }

  /** The body of one write transaction; the group commits it. */
  @FunctionalInterface
  private interface Transaction<T> {
    T run(WriteSession session) throws SQLException;
  }

  /** One caller's write waiting for the group that commits it; guarded by the store's write lock. */
  private static final class PendingWrite<T> {
    private final String what;
    private final Transaction<T> transaction;
    private @Nullable T result;
    private @Nullable Exception failure;
    private boolean ownFailure;
    private boolean done;

    PendingWrite(String what, Transaction<T> transaction) {
      this.what = what;
      this.transaction = transaction;
    }

    void commitIn(WriteSession session) {
      Connection connection = session.connection();
      try {
        result = transaction.run(session);
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        rollback(connection, e);
        fail(e);
        ownFailure = e instanceof RuntimeException;
      }
    }

    void markDurable() {
      done = true;
    }

    void fail(Exception e) {
      if (failure == null) {
        failure = e;
      }
      done = true;
    }

    boolean isDone() {
      return done;
    }

    @Nullable T result() {
      if (ownFailure && failure instanceof RuntimeException e) {
        throw e;
      }
      if (failure != null) {
        // a sync or connection failure is shared by the group: each caller gets its own exception
        throw new StoreException("cannot " + what, failure);
      }
      return result;
    }
  }

  private StoreResult appendInTransaction(
      WriteSession session, List<TelemetryEvent> events, List<byte[]> bodies) throws SQLException {
    long now = clock.millis();
    Set<String> idsInBatch = new HashSet<>();
    Map<RunKey, StoredRun> folded = new LinkedHashMap<>();
    Map<RunKey, @Nullable StoredRun> loaded = new HashMap<>();
    Map<RunKey, TelemetryEvent> summarySource = new HashMap<>();
    List<AppendOutcome> outcomes = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      TelemetryEvent event = events.get(i);
      if (!idsInBatch.add(event.eventId()) || eventExists(session, event.eventId())) {
        outcomes.add(AppendOutcome.DUPLICATE);
        continue;
      }
      insertEvent(session, event, bodies.get(i), now);
      RunKey key = RunKey.of(event);
      StoredRun current = folded.get(key);
      if (current == null) {
        current = loadRun(session.statement(LOAD_RUN), key).orElse(null);
        loaded.put(key, current);
      }
      StoredRun next = RunFolding.apply(current, event);
      if (event.type() == EventType.RUN_FINISHED && next.summary() == event.summary()) {
        summarySource.put(key, event);
      }
      folded.put(key, next);
      outcomes.add(AppendOutcome.ACCEPTED);
    }
    List<FinishedRun> finished = new ArrayList<>();
    for (Map.Entry<RunKey, StoredRun> entry : folded.entrySet()) {
      StoredRun run = entry.getValue();
      StoredRun before = loaded.get(entry.getKey());
      RunRows.upsert(session, run, summaryWrite(run, before, summarySource.get(entry.getKey())), now);
      if (run.isFinished() && (before == null || !before.isFinished())) {
        finished.add(new FinishedRun(run.identity(), run.status()));
      }
    }
    return new StoreResult(outcomes, finished);
  }

  /**
   * Stores the summary once: a summary that came from a {@code RUN_FINISHED} event of this batch
   * stays in that event's row (already written), the run row points at it.
   */
  private static RunRows.SummaryWrite summaryWrite(
      StoredRun run, @Nullable StoredRun before, @Nullable TelemetryEvent source) {
    RunSummary summary = run.summary();
    if (summary == null || (before != null && summary == before.summary())) {
      return new RunRows.SummaryWrite.Keep();
    }
    if (source != null && source.summary() == summary) {
      return new RunRows.SummaryWrite.InEvent(source.eventId());
    }
    return new RunRows.SummaryWrite.Inline(summary);
  }

  private static boolean eventExists(WriteSession session, String eventId) throws SQLException {
    PreparedStatement ps = session.statement("SELECT 1 FROM events WHERE event_id = ?");
    ps.setString(1, eventId);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next();
    }
  }

  private static void insertEvent(WriteSession session, TelemetryEvent event, byte[] body, long now)
      throws SQLException {
    PreparedStatement ps =
        session.statement(
            "INSERT INTO events (event_id, tenant, run_id, type, time_ms, received_ms, body_deflated)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)");
    ps.setString(1, event.eventId());
    ps.setString(2, event.run().tenant());
    ps.setString(3, event.run().runId());
    ps.setString(4, event.type().name());
    ps.setLong(5, event.timeMs());
    ps.setLong(6, now);
    ps.setBytes(7, body);
    ps.executeUpdate();
  }

  private static final String LOAD_RUN =
      "SELECT " + RunRows.COLUMNS + " FROM runs WHERE tenant = ? AND run_id = ?";

  /** Reads a run by key with {@link #LOAD_RUN}. */
  private static Optional<StoredRun> loadRun(PreparedStatement loadRun, RunKey key)
      throws SQLException {
    loadRun.setString(1, key.tenant());
    loadRun.setString(2, key.runId());
    try (ResultSet rs = loadRun.executeQuery()) {
      return rs.next() ? Optional.of(RunRows.read(rs)) : Optional.empty();
    }
  }

  /** Writes and fsyncs committed changes, which H2 would otherwise persist up to a second later. */
  private static void sync(WriteSession session) throws SQLException {
    session.statement("CHECKPOINT SYNC").execute();
  }

  /** {@link #sync(WriteSession)} on another connection. */
  private static void sync(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("CHECKPOINT SYNC");
    }
  }

  private static void rollback(Connection connection, Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  @Override
  public Optional<StoredRun> findRun(@Nullable String tenant, String runId) {
    Objects.requireNonNull(runId, "runId");
    try (Connection connection = connection()) {
      if (tenant != null) {
        try (PreparedStatement loadRun = connection.prepareStatement(LOAD_RUN)) {
          return loadRun(loadRun, new RunKey(tenant, runId));
        }
      }
      try (PreparedStatement ps =
          connection.prepareStatement(
              "SELECT " + RunRows.COLUMNS + " FROM runs WHERE run_id = ? ORDER BY tenant LIMIT 1")) {
        ps.setString(1, runId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(RunRows.read(rs)) : Optional.empty();
        }
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read run " + runId, e);
    }
  }

  /**
   * Stores the attachment in the group commit that appends use: one transaction that checks the run
   * by its key and merges the document, durable (synced) before this returns.
   */
  @Override
  public void putAttachment(String tenant, String runId, String name, JsonNode document) {
    Objects.requireNonNull(document, "document");
    String body = StoredJson.write(document);
    write(
        "attach '" + name + "' to run " + runId,
        session -> {
          attachInTransaction(session, new RunKey(tenant, runId), name, body);
          return null;
        });
  }

  private void attachInTransaction(WriteSession session, RunKey run, String name, String body)
      throws SQLException {
    if (!runExists(session, run)) {
      throw new NoSuchElementException("tenant '" + run.tenant() + "' has no run '" + run.runId() + "'");
    }
    PreparedStatement ps =
        session.statement(
            "MERGE INTO run_attachments (tenant, run_id, name, updated_ms, body)"
                + " KEY (tenant, run_id, name) VALUES (?, ?, ?, ?, ?)");
    ps.setString(1, run.tenant());
    ps.setString(2, run.runId());
    ps.setString(3, name);
    ps.setLong(4, clock.millis());
    ps.setString(5, body);
    ps.executeUpdate();
  }

  /** A primary-key lookup that reads no column of the run. */
  private static boolean runExists(WriteSession session, RunKey key) throws SQLException {
    PreparedStatement ps = session.statement("SELECT 1 FROM runs WHERE tenant = ? AND run_id = ?");
    ps.setString(1, key.tenant());
    ps.setString(2, key.runId());
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next();
    }
  }

  @Override
  public Map<String, JsonNode> attachments(String tenant, String runId) {
    try (Connection connection = connection();
        PreparedStatement ps =
            connection.prepareStatement(
                "SELECT name, body FROM run_attachments WHERE tenant = ? AND run_id = ? ORDER BY name")) {
      ps.setString(1, tenant);
      ps.setString(2, runId);
      Map<String, JsonNode> out = new LinkedHashMap<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), TelemetryJson.mapper().readTree(rs.getString(2)));
        }
      }
      return out;
    } catch (SQLException | IOException e) {
      throw new StoreException("cannot read attachments of run " + runId, e);
    }
  }

  @Override
  public RunPage listRuns(RunQuery query) {
    RunListingSql sql = RunListingSql.of(query);
    try (Connection connection = connection();
        PreparedStatement ps = connection.prepareStatement(sql.sql())) {
      sql.bind(ps);
      List<StoredRun> runs = new ArrayList<>(query.limit() + 1);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          runs.add(RunRows.read(rs));
        }
      }
      // one row more than the limit tells whether another page exists
      if (runs.size() <= query.limit()) {
        return new RunPage(runs, null);
      }
      List<StoredRun> page = runs.subList(0, query.limit());
      return new RunPage(page, RunCursor.of(page.get(page.size() - 1)));
    } catch (SQLException e) {
      throw new StoreException("cannot list runs", e);
    }
  }

  @Override
  public List<StoredRun> markLost(Instant receivedBefore, int limit) {
    Objects.requireNonNull(receivedBefore, "receivedBefore");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, was " + limit);
    }
    writeLock.lock();
    try (Connection connection = connection()) {
      // under the write lock no append can slip in between the select and the update
      List<StoredRun> lost = new ArrayList<>();
      try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT " + RunRows.COLUMNS + " FROM runs WHERE status = 'RUNNING'"
                      + " AND updated_ms < ? ORDER BY updated_ms LIMIT ?");
          PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE runs SET status = 'LOST' WHERE tenant = ? AND run_id = ?")) {
        select.setLong(1, receivedBefore.toEpochMilli());
        select.setInt(2, limit);
        try (ResultSet rs = select.executeQuery()) {
          while (rs.next()) {
            lost.add(RunRows.read(rs));
          }
        }
        for (StoredRun run : lost) {
          update.setString(1, run.tenant());
          update.setString(2, run.runId());
          update.addBatch();
        }
        if (!lost.isEmpty()) {
          update.executeBatch();
          sync(connection);
        }
      }
      return lost.stream().map(H2RunStore::asLost).toList();
    } catch (SQLException e) {
      throw new StoreException("cannot mark silent runs lost", e);
    } finally {
      writeLock.unlock();
    }
  }

  private static StoredRun asLost(StoredRun run) {
    return new StoredRun(
        run.identity(),
        RunStatus.LOST,
        run.submitTimeMs(),
        run.startTimeMs(),
        run.endTimeMs(),
        run.lastHeartbeatMs(),
        run.lastHeartbeat(),
        run.summary(),
        run.resources(),
        run.eventCount());
  }

  @Override
  public boolean isHealthy() {
    if (closed) {
      return false;
    }
    try (Connection connection = pool.getConnection()) {
      return connection.isValid(VALIDATION_TIMEOUT_SECONDS);
    } catch (SQLException e) {
      log.warn("H2 store health check failed", e);
      return false;
    }
  }

  @Override
  public void close() {
    writeLock.lock();
    try {
      if (!closed) {
        closed = true;
        if (writer != null) {
          try {
            writer.close();
          } catch (SQLException e) {
            log.warn("H2 store: closing the write connection failed", e);
          }
          writer = null;
        }
        pool.dispose();
        OPEN_DIRECTORIES.remove(directory);
        log.info("H2 run store at {} closed", directory);
      }
    } finally {
      writeLock.unlock();
    }
  }

  private Connection connection() throws SQLException {
    if (closed) {
      throw new StoreException("H2 store is closed");
    }
    return pool.getConnection();
  }

  private record RunKey(String tenant, String runId) {
    static RunKey of(TelemetryEvent event) {
      return new RunKey(event.run().tenant(), event.run().runId());
    }
  }
}
