package io.sparkplane.collector.store.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.cat.indices.IndicesRecord;
import co.elastic.clients.elasticsearch.cluster.HealthResponse;
import co.elastic.clients.elasticsearch.cluster.StateResponse;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.get.GetResult;
import co.elastic.clients.elasticsearch.core.mget.MultiGetOperation;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkplane.collector.store.AppendOutcome;
import io.sparkplane.collector.store.FinishedRun;
import io.sparkplane.collector.store.RunCursor;
import io.sparkplane.collector.store.RunPage;
import io.sparkplane.collector.store.RunQuery;
import io.sparkplane.collector.store.RunStore;
import io.sparkplane.collector.store.StoreException;
import io.sparkplane.collector.store.StoreResult;
import io.sparkplane.collector.store.StoredRun;
import io.sparkplane.collector.store.elasticsearch.IndexNames.Kind;
import io.sparkplane.wire.EventType;
import io.sparkplane.wire.RunStatus;
import io.sparkplane.wire.TelemetryEvent;
import io.sparkplane.wire.TelemetryJson;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RunStore} on Elasticsearch, for several stateless collector replicas over one cluster.
 *
 * <p>Writes: one append is one mget (the batch's run documents, real-time), then one bulk request
 * with the folded run documents and the raw events. A running run whose document this store wrote
 * last is not read again: its next events are folded onto the copy kept with the version that write
 * got ({@link ElasticsearchStoreConfig#writtenRunsCacheSize()}), and a copy another replica made stale
 * fails its conditional write like any concurrent change. Run documents are written with optimistic
 * concurrency ({@code if_seq_no}/{@code if_primary_term}, or {@code create} for a new run); a
 * conflict means another replica changed the run in between, and only that run is read and folded
 * again. Events go to the events indices with {@code op_type=create} under their event id, so a
 * redelivered event is a 409 there. A run document lists the ids of the events folded into it, which
 * is what decides duplicates: when an append fails half way (some runs written, the client gets a
 * 503 and retries) the retry counts the written runs' events as duplicates and folds the rest, so
 * nothing is folded twice and nothing acknowledged is lost. An acknowledged bulk request is durable
 * (translog fsynced). Visibility follows the configured refresh mode: by default ({@code ON_READ})
 * the bulk request does not wait for a refresh; instead, a read that follows writes of this store
 * refreshes the run and attachment indices first, so the run API of this collector sees every
 * write it acknowledged (one refresh covers all writes before it).
 *
 * <p>Where documents live: a run in the monthly index of its submit time when it was first stored;
 * its events in the month of their event time; its attachments in its own month. Retention drops
 * whole monthly indices ({@link #dropExpiredIndices()}, hourly when {@code retentionMonths > 0}).
 *
 * <pre>{@code
 * try (ElasticsearchRunStore store =
 *     ElasticsearchRunStore.open(ElasticsearchStoreConfig.defaults(URI.create("http://es:9200")), Clock.systemUTC())) {
 *   store.append(events);
 * }
 * }</pre>
 */
public final class ElasticsearchRunStore implements RunStore {

  private static final Logger log = LoggerFactory.getLogger(ElasticsearchRunStore.class);
  private static final String CONFLICT = "version_conflict_engine_exception";
  private static final int MAX_ATTACHMENTS = 1_000;

  private final ElasticsearchStoreConfig config;
  private final IndexNames names;
  private final RestClientTransport transport;
  private final ElasticsearchClient client;
  private final ElasticsearchAsyncClient asyncClient;
  private final Clock clock;
  private final MonthlyRetention retention;
  private final @Nullable ScheduledExecutorService retentionTimer;
  /** Why the last health check failed; null when it passed (and at start). */
  private final AtomicReference<@Nullable String> lastProblem = new AtomicReference<>();
  /** Writes this store made, and how many of them a refresh has made searchable (ON_READ). */
  private final AtomicLong writes = new AtomicLong();
  private final AtomicLong refreshedWrites = new AtomicLong();
  private final WrittenRuns writtenRuns;
  private volatile boolean closed;

  private ElasticsearchRunStore(ElasticsearchStoreConfig config, RestClientTransport transport, Clock clock) {
    this.config = config;
    this.writtenRuns = new WrittenRuns(config.writtenRunsCacheSize());
    this.names = new IndexNames(config.indexPrefix());
    this.transport = transport;
    this.client = new ElasticsearchClient(transport);
    this.asyncClient = new ElasticsearchAsyncClient(transport);
    this.clock = clock;
    this.retention = new MonthlyRetention(config.retentionMonths(), names, clock);
    this.retentionTimer = config.retentionMonths() > 0 ? startRetentionTimer() : null;
  }

  /**
   * Connects and puts the index templates.
   *
   * @throws StoreException if the cluster cannot be reached
   */
  public static ElasticsearchRunStore open(ElasticsearchStoreConfig config, Clock clock) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(clock, "clock");
    RestClientTransport transport = transport(config);
    try {
      IndexTemplates.install(new ElasticsearchClient(transport), new IndexNames(config.indexPrefix()), config);
    } catch (IOException | ElasticsearchException e) {
      closeQuietly(transport, e);
      throw new StoreException("cannot reach Elasticsearch at " + config.url(), e);
    }
    log.info("Elasticsearch run store opened at {} with prefix '{}'", config.url(), config.indexPrefix());
    return new ElasticsearchRunStore(config, transport, clock);
  }

  private static RestClientTransport transport(ElasticsearchStoreConfig config) {
    int requestMs = (int) config.requestTimeout().toMillis();
    RestClient rest =
        RestClient.builder(
                new HttpHost(config.url().getHost(), config.url().getPort(), config.url().getScheme()))
            .setRequestConfigCallback(
                rc ->
                    rc.setConnectTimeout(Math.min(requestMs, 2_000))
                        .setConnectionRequestTimeout(requestMs)
                        .setSocketTimeout(requestMs))
            .setHttpClientConfigCallback(
                hc ->
                    hc.setMaxConnTotal(config.maxConnections())
                        .setMaxConnPerRoute(config.maxConnections()))
            .build();
    // Schubfach instead of Double.toString for the summaries in run documents: the same doubles back
    ObjectMapper documents = TelemetryJson.mapper().copy();
    documents.getFactory().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER.mappedFeature());
    return new RestClientTransport(rest, new JacksonJsonpMapper(documents));
  }

  // ---------------------------------------------------------------- append

  @Override
  public StoreResult append(List<TelemetryEvent> events) {
    requireOpen();
    if (events.isEmpty()) {
      return new StoreResult(List.of(), List.of());
    }
    AppendOutcome[] outcomes = new AppendOutcome[events.size()];
    Map<RunKey, List<Integer>> byRun = new LinkedHashMap<>();
    List<Integer> distinct = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < events.size(); i++) {
      TelemetryEvent event = events.get(i);
      if (!seen.add(event.eventId())) {
        outcomes[i] = AppendOutcome.DUPLICATE;
        continue;
      }
      distinct.add(i);
      byRun.computeIfAbsent(RunKey.of(event), k -> new ArrayList<>()).add(i);
    }
    List<FinishedRun> finished = new ArrayList<>();
    Set<RunKey> pending = new HashSet<>(byRun.keySet());
    boolean archived = false;
    for (int attempt = 0; !pending.isEmpty() || !archived; attempt++) {
      if (attempt > config.maxConflictRetries()) {
        throw new StoreException(
            "gave up on " + pending.size() + " runs changed concurrently by other writers after "
                + config.maxConflictRetries() + " retries");
      }
      // the first attempt starts from this store's own last writes where it has them; a retry after
      // a conflict reads the cluster
      Map<RunKey, LoadedRun> loaded = load(pending, byRun, events, attempt == 0);
      Map<RunKey, BatchFold> writes = new LinkedHashMap<>();
      for (RunKey key : pending) {
        BatchFold fold = BatchFold.of(loaded.get(key), byRun.get(key), events);
        if (fold.changed()) {
          writes.put(key, fold);
        } else {
          fold.outcomes().forEach((position, outcome) -> outcomes[position] = outcome);
        }
      }
      List<BulkOperation> operations = new ArrayList<>();
      writes.forEach((key, fold) -> operations.add(runWrite(key, fold)));
      if (!archived) {
        long now = clock.millis();
        distinct.forEach(i -> operations.add(EventArchive.create(names, events, i, now)));
      }
      pending = new HashSet<>();
      if (operations.isEmpty()) {
        break;
      }
      BulkResponse response;
      try {
        response = bulk(operations);
      } catch (RuntimeException e) {
        // some of these runs may have been written: their copies' versions are unknown
        writes.keySet().forEach(key -> writtenRuns.forget(key.docId()));
        throw e;
      }
      List<RunKey> keys = new ArrayList<>(writes.keySet());
      for (int i = 0; i < response.items().size(); i++) {
        BulkResponseItem item = response.items().get(i);
        if (i < keys.size()) {
          RunKey key = keys.get(i);
          if (item.error() == null) {
            BatchFold fold = writes.get(key);
            remember(key, fold, item);
            fold.outcomes().forEach((position, outcome) -> outcomes[position] = outcome);
            if (fold.finishesRun()) {
              finished.add(new FinishedRun(fold.folded().run().identity(), fold.folded().run().status()));
            }
          } else if (CONFLICT.equals(item.error().type())) {
            writtenRuns.forget(key.docId());
            pending.add(key);
          } else {
            writtenRuns.forget(key.docId());
            throw new StoreException("run " + key + " was not stored: " + item.error().reason());
          }
        } else if (item.error() != null && !CONFLICT.equals(item.error().type())) {
          throw new StoreException("event " + item.id() + " was not stored: " + item.error().reason());
        }
      }
      archived = true;
    }
    return new StoreResult(Arrays.asList(outcomes), finished);
  }

  /** Keeps the document a run write stored, with the version it got, for the run's next append. */
  private void remember(RunKey key, BatchFold fold, BulkResponseItem item) {
    Long seqNo = item.seqNo();
    Long primaryTerm = item.primaryTerm();
    if (seqNo == null || primaryTerm == null || item.index() == null) {
      writtenRuns.forget(key.docId());
    } else {
      writtenRuns.written(key.docId(), new LoadedRun(fold.folded(), item.index(), seqNo, primaryTerm));
    }
  }

  private BulkResponse bulk(List<BulkOperation> operations) {
    try {
      return call(
          "write " + operations.size() + " documents",
          () ->
              client.bulk(
                  BulkRequest.of(b -> b.operations(operations).refresh(refresh()))));
    } finally {
      // counted even when it failed: part of it may have been written
      writes.incrementAndGet();
    }
  }

  private Refresh refresh() {
    return switch (config.refresh()) {
      case WAIT_FOR -> Refresh.WaitFor;
      case IMMEDIATE -> Refresh.True;
      case NONE, ON_READ -> Refresh.False;
    };
  }

  /**
   * With {@link ElasticsearchStoreConfig.RefreshMode#ON_READ}: makes every write this store made before the call searchable,
   * with one refresh of the run and attachment indices, unless a refresh since then already did.
   */
  private void seeOwnWrites() {
    if (config.refresh() != ElasticsearchStoreConfig.RefreshMode.ON_READ) {
      return;
    }
    long written = writes.get();
    if (refreshedWrites.get() >= written) {
      return;
    }
    call(
        "refresh",
        () ->
            client
                .indices()
                .refresh(
                    r ->
                        r.index(names.alias(Kind.RUNS), names.alias(Kind.ATTACHMENTS))
                            .ignoreUnavailable(true)
                            .allowNoIndices(true)));
    refreshedWrites.accumulateAndGet(written, Math::max);
  }

  private BulkOperation runWrite(RunKey key, BatchFold fold) {
    ObjectNode doc = fold.folded().toJson(clock.millis());
    LoadedRun base = fold.base();
    if (base == null) {
      String index = names.index(Kind.RUNS, fold.folded().run().submitTimeMs());
      return BulkOperation.of(o -> o.create(c -> c.index(index).id(key.docId()).document(doc)));
    }
    return BulkOperation.of(
        o ->
            o.index(
                x ->
                    x.index(base.index())
                        .id(key.docId())
                        .ifSeqNo(base.seqNo())
                        .ifPrimaryTerm(base.primaryTerm())
                        .document(doc)));
  }

  /**
   * Reads the current documents of {@code keys} in real time from the months they can be in; a run
   * known only from heartbeats may be older than a month, so those are also searched by id.
   */
  private Map<RunKey, LoadedRun> load(
      Set<RunKey> keys, Map<RunKey, List<Integer>> byRun, List<TelemetryEvent> events, boolean ownCopies) {
    Map<RunKey, LoadedRun> found = new HashMap<>();
    List<MultiGetOperation> gets = new ArrayList<>();
    for (RunKey key : keys) {
      LoadedRun own = ownCopies ? writtenRuns.get(key.docId()) : null;
      if (own != null) {
        found.put(key, own);
        continue;
      }
      for (YearMonth month : candidateMonths(byRun.get(key), events)) {
        String index = names.index(Kind.RUNS, month);
        gets.add(MultiGetOperation.of(g -> g.index(index).id(key.docId())));
      }
    }
    Map<String, RunKey> byDocId = new HashMap<>();
    keys.forEach(k -> byDocId.put(k.docId(), k));
    if (!gets.isEmpty()) {
      MgetResponse<ObjectNode> response =
          call("read " + keys.size() + " runs", () -> client.mget(m -> m.docs(gets), ObjectNode.class));
      for (MultiGetResponseItem<ObjectNode> item : response.docs()) {
        if (item.isFailure()) {
          if (!"index_not_found_exception".equals(item.failure().error().type())) {
            throw new StoreException("cannot read run " + item.failure().id() + ": " + item.failure().error().reason());
          }
          continue;
        }
        GetResult<ObjectNode> get = item.result();
        if (get.found() && get.source() != null) {
          LoadedRun run = loaded(get.source(), get.index(), get.seqNo(), get.primaryTerm());
          found.merge(byDocId.get(get.id()), run, LoadedRun::fuller);
        }
      }
    }
    List<RunKey> heartbeatOnly =
        keys.stream()
            .filter(k -> !found.containsKey(k))
            .filter(k -> byRun.get(k).stream().allMatch(i -> events.get(i).type() == EventType.HEARTBEAT))
            .toList();
    if (!heartbeatOnly.isEmpty()) {
      seeOwnWrites();
      List<String> ids = heartbeatOnly.stream().map(RunKey::docId).toList();
      SearchResponse<ObjectNode> response =
          call(
              "find older runs",
              () ->
                  client.search(
                      s ->
                          s.index(names.alias(Kind.RUNS))
                              .query(q -> q.ids(i -> i.values(ids)))
                              .seqNoPrimaryTerm(true)
                              .size(ids.size() * 2)
                              .ignoreUnavailable(true)
                              .allowNoIndices(true),
                      ObjectNode.class));
      for (Hit<ObjectNode> hit : response.hits().hits()) {
        LoadedRun run = loaded(hit.source(), hit.index(), hit.seqNo(), hit.primaryTerm());
        found.merge(byDocId.get(hit.id()), run, LoadedRun::fuller);
      }
    }
    return found;
  }

  private static LoadedRun loaded(
      @Nullable ObjectNode source, String index, @Nullable Long seqNo, @Nullable Long primaryTerm) {
    if (source == null || seqNo == null || primaryTerm == null) {
      throw new StoreException("run document in " + index + " came back without source or version");
    }
    return new LoadedRun(StoredRunDocument.fromJson(source), index, seqNo, primaryTerm);
  }

  /**
   * The months a run's document can be in, judged from this batch's events: the month of the run's
   * submit time (what {@code RUN_STARTED} and {@code RUN_FINISHED} carry; a heartbeat's time is no
   * earlier) and its neighbours, since a run first stored from a heartbeat sits in that heartbeat's
   * month.
   */
  private static Set<YearMonth> candidateMonths(List<Integer> positions, List<TelemetryEvent> events) {
    Set<YearMonth> months = new TreeSet<>();
    for (int position : positions) {
      YearMonth month = IndexNames.monthOf(anchorTime(events.get(position)));
      months.add(month.minusMonths(1));
      months.add(month);
      months.add(month.plusMonths(1));
    }
    return months;
  }

  private static long anchorTime(TelemetryEvent event) {
    return switch (event.type()) {
      case RUN_STARTED -> event.started().submitTimeMs();
      case RUN_FINISHED -> event.summary().timing().submitTimeMs();
      case HEARTBEAT -> event.timeMs();
    };
  }

  // ---------------------------------------------------------------- reads

  @Override
  public Optional<StoredRun> findRun(@Nullable String tenant, String runId) {
    Objects.requireNonNull(runId, "runId");
    requireOpen();
    return findRunHit(tenant, runId).map(hit -> StoredRunDocument.fromJson(hit.source()).run());
  }

  private Optional<Hit<ObjectNode>> findRunHit(@Nullable String tenant, String runId) {
    BoolQuery.Builder filter = new BoolQuery.Builder().filter(term("run_id", runId));
    if (tenant != null) {
      filter.filter(term("tenant", tenant));
    }
    Query query = filter.build()._toQuery();
    seeOwnWrites();
    SearchResponse<ObjectNode> response =
        call(
            "read run " + runId,
            () ->
                client.search(
                    s ->
                        s.index(names.alias(Kind.RUNS))
                            .query(query)
                            .sort(o -> o.field(f -> f.field("tenant").order(SortOrder.Asc)))
                            .size(1)
                            .trackTotalHits(t -> t.enabled(false))
                            .ignoreUnavailable(true)
                            .allowNoIndices(true),
                    ObjectNode.class));
    return response.hits().hits().stream().filter(h -> h.source() != null).findFirst();
  }

  @Override
  public RunPage listRuns(RunQuery query) {
    requireOpen();
    Query filter = RunFilters.of(query);
    RunCursor cursor = query.cursor();
    seeOwnWrites();
    SearchResponse<ObjectNode> response =
        call(
            "list runs",
            () ->
                client.search(
                    s -> {
                      s.index(names.alias(Kind.RUNS))
                          .query(filter)
                          .sort(o -> o.field(f -> f.field("submit_time_ms").order(SortOrder.Desc)))
                          .sort(o -> o.field(f -> f.field("run_id").order(SortOrder.Desc)))
                          .sort(o -> o.field(f -> f.field("tenant").order(SortOrder.Desc)))
                          .size(query.limit() + 1)
                          .trackTotalHits(t -> t.enabled(false))
                          .ignoreUnavailable(true)
                          .allowNoIndices(true);
                      if (cursor != null) {
                        s.searchAfter(
                            FieldValue.of(cursor.submitTimeMs()),
                            FieldValue.of(cursor.runId()),
                            FieldValue.of(cursor.tenant()));
                      }
                      return s;
                    },
                    ObjectNode.class));
    List<StoredRun> runs = new ArrayList<>(query.limit() + 1);
    for (Hit<ObjectNode> hit : response.hits().hits()) {
      runs.add(StoredRunDocument.fromJson(Objects.requireNonNull(hit.source())).run());
    }
    // one hit more than the limit tells whether another page exists
    if (runs.size() <= query.limit()) {
      return new RunPage(runs, null);
    }
    List<StoredRun> page = runs.subList(0, query.limit());
    return new RunPage(page, RunCursor.of(page.get(page.size() - 1)));
  }

  /**
   * Every finished run submitted in {@code [from, to)}, oldest first, read page by page from one
   * point in time, so a model trainer sees a consistent snapshot however long it takes. Close the
   * stream to release the point in time.
   *
   * <pre>{@code
   * try (Stream<StoredRun> runs = store.scanFinished(from, to)) {
   *   runs.forEach(trainer::add);
   * }
   * }</pre>
   *
   * @throws StoreException if the store cannot be read (also while consuming the stream)
   */
  public Stream<StoredRun> scanFinished(Instant from, Instant to) {
    requireOpen();
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("from must be before to, was from=" + from + " to=" + to);
    }
    Query filter =
        new BoolQuery.Builder()
            .filter(f -> f.term(t -> t.field("finished").value(true)))
            .filter(
                f ->
                    f.range(
                        r ->
                            r.number(
                                n ->
                                    n.field("submit_time_ms")
                                        .gte((double) from.toEpochMilli())
                                        .lt((double) to.toEpochMilli()))))
            .build()
            ._toQuery();
    seeOwnWrites();
    FinishedRunScan scan =
        FinishedRunScan.open(client, names.alias(Kind.RUNS), filter, config.scanPageSize());
    return StreamSupport.stream(scan, false).onClose(scan::close);
  }

  // ---------------------------------------------------------------- lost runs

  /**
   * Finds {@code RUNNING} runs whose last append ({@code updated_ms}, the store's clock) is older
   * than {@code receivedBefore} and sets them {@code LOST}, each with the sequence number it was
   * read at: a run that an append changed in between is a version conflict and left alone.
   */
  @Override
  public List<StoredRun> markLost(Instant receivedBefore, int limit) {
    Objects.requireNonNull(receivedBefore, "receivedBefore");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, was " + limit);
    }
    requireOpen();
    Query silent =
        new BoolQuery.Builder()
            .filter(term("status", RunStatus.RUNNING.name()))
            .filter(f -> f.range(r -> r.number(n -> n.field("updated_ms").lt((double) receivedBefore.toEpochMilli()))))
            .build()
            ._toQuery();
    seeOwnWrites();
    SearchResponse<ObjectNode> response =
        call(
            "find silent runs",
            () ->
                client.search(
                    s ->
                        s.index(names.alias(Kind.RUNS))
                            .query(silent)
                            .sort(o -> o.field(f -> f.field("updated_ms").order(SortOrder.Asc)))
                            .size(limit)
                            .seqNoPrimaryTerm(true)
                            .trackTotalHits(t -> t.enabled(false))
                            .ignoreUnavailable(true)
                            .allowNoIndices(true),
                    ObjectNode.class));
    List<Hit<ObjectNode>> hits = response.hits().hits();
    if (hits.isEmpty()) {
      return List.of();
    }
    List<BulkOperation> operations = new ArrayList<>();
    List<StoredRun> marked = new ArrayList<>();
    for (Hit<ObjectNode> hit : hits) {
      // changed here, outside append: the run's next append reads it
      writtenRuns.forget(hit.id());
      ObjectNode doc = Objects.requireNonNull(hit.source()).deepCopy();
      doc.put("status", RunStatus.LOST.name());
      marked.add(StoredRunDocument.fromJson(doc).run());
      Long seqNo = hit.seqNo();
      Long primaryTerm = hit.primaryTerm();
      operations.add(
          BulkOperation.of(
              o ->
                  o.index(
                      x ->
                          x.index(hit.index())
                              .id(hit.id())
                              .ifSeqNo(seqNo)
                              .ifPrimaryTerm(primaryTerm)
                              .document(doc))));
    }
    BulkResponse written = bulk(operations);
    List<StoredRun> lost = new ArrayList<>();
    for (int i = 0; i < written.items().size(); i++) {
      BulkResponseItem item = written.items().get(i);
      if (item.error() == null) {
        lost.add(marked.get(i));
      } else if (!CONFLICT.equals(item.error().type())) {
        throw new StoreException("run " + item.id() + " was not marked lost: " + item.error().reason());
      }
    }
    return lost;
  }

  // ---------------------------------------------------------------- attachments

  @Override
  public void putAttachment(String tenant, String runId, String name, JsonNode document) {
    Objects.requireNonNull(document, "document");
    requireOpen();
    Hit<ObjectNode> run =
        findRunHit(tenant, runId)
            .orElseThrow(() -> new NoSuchElementException("tenant '" + tenant + "' has no run '" + runId + "'"));
    YearMonth month =
        names.monthOf(run.index()).orElseThrow(() -> new StoreException("run in unexpected index " + run.index()));
    ObjectNode doc =
        TelemetryJson.mapper()
            .createObjectNode()
            .put("tenant", tenant)
            .put("run_id", runId)
            .put("name", name)
            .put("updated_ms", clock.millis());
    doc.putObject("document").set("value", document);
    String index = names.index(Kind.ATTACHMENTS, month);
    try {
      call(
          "attach '" + name + "' to run " + runId,
          () ->
              client.index(
                  i -> i.index(index).id(DocIds.attachment(tenant, runId, name)).document(doc).refresh(refresh())));
    } finally {
      writes.incrementAndGet();
    }
  }

  @Override
  public Map<String, JsonNode> attachments(String tenant, String runId) {
    requireOpen();
    Query query = new BoolQuery.Builder().filter(term("tenant", tenant)).filter(term("run_id", runId)).build()._toQuery();
    seeOwnWrites();
    SearchResponse<ObjectNode> response =
        call(
            "read attachments of run " + runId,
            () ->
                client.search(
                    s ->
                        s.index(names.alias(Kind.ATTACHMENTS))
                            .query(query)
                            .sort(o -> o.field(f -> f.field("name").order(SortOrder.Asc)))
                            .size(MAX_ATTACHMENTS)
                            .ignoreUnavailable(true)
                            .allowNoIndices(true),
                    ObjectNode.class));
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (Hit<ObjectNode> hit : response.hits().hits()) {
      ObjectNode source = Objects.requireNonNull(hit.source());
      out.put(source.get("name").asText(), source.path("document").path("value"));
    }
    return out;
  }

  // ---------------------------------------------------------------- retention, health, lifecycle

  /**
   * Drops the monthly indices past {@code retentionMonths} (none when it is 0).
   *
   * @return the dropped indices
   * @throws StoreException if the cluster cannot be asked or an index cannot be dropped
   */
  public List<String> dropExpiredIndices() {
    requireOpen();
    List<String> all =
        call(
                "list indices",
                () -> client.cat().indices(c -> c.index(config.indexPrefix() + "-*")))
            .valueBody()
            .stream()
            .map(IndicesRecord::index)
            .filter(Objects::nonNull)
            .toList();
    List<String> expired = retention.expired(all);
    for (String index : expired) {
      call("drop index " + index, () -> client.indices().delete(d -> d.index(index).ignoreUnavailable(true)));
      log.info("dropped index {} past the retention of {} months", index, config.retentionMonths());
    }
    if (!expired.isEmpty()) {
      // copies of runs in a dropped index point at documents that are gone
      writtenRuns.clear();
    }
    return expired;
  }

  private ScheduledExecutorService startRetentionTimer() {
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "sparkplane-es-retention");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleWithFixedDelay(
        () -> {
          try {
            dropExpiredIndices();
          } catch (Throwable t) {
            if (t instanceof VirtualMachineError) {
              throw t;
            }
            log.warn("retention run failed; next try in an hour", t);
          }
        },
        1,
        60,
        TimeUnit.MINUTES);
    return timer;
  }

  /**
   * Whether the store can take writes now: {@code _cluster/health} answers and is not red, and no
   * write-level block ({@link WriteBlocks}: {@code index.blocks.write}, {@code read_only}, {@code
   * read_only_allow_delete} as the flood-stage disk watermark sets it, or a cluster-wide one) is on
   * the indices this store writes to ({@link IndexNames#writeIndices}, this month's and last month's
   * by the store's clock). Cluster health alone stays green under a block while every bulk item for
   * the blocked index fails. Both questions go out at once and together wait at most {@code
   * healthTimeout}: two small requests per check, asked by readiness probes and the health gauge,
   * never by ingest. When the cluster comes back, puts the index templates again (it may have lost
   * them). Each change of state is logged once, with its reason.
   */
  @Override
  public boolean isHealthy() {
    if (closed) {
      return false;
    }
    @Nullable String problem = problem();
    if (problem == null && lastProblem.get() != null) {
      try {
        IndexTemplates.install(client, names, config);
      } catch (IOException | ElasticsearchException e) {
        problem = "cannot put the index templates: " + e.getMessage();
      }
    }
    String previous = lastProblem.getAndSet(problem);
    if (!Objects.equals(previous, problem)) {
      if (problem == null) {
        log.warn("Elasticsearch at {} takes writes again", config.url());
      } else {
        log.warn("Elasticsearch at {} cannot take writes: {}", config.url(), problem);
      }
    }
    return problem == null;
  }

  /** Why the store cannot take writes now, or null when it can. */
  private @Nullable String problem() {
    long deadline = System.nanoTime() + config.healthTimeout().toNanos();
    List<String> watched = names.writeIndices(YearMonth.now(clock));
    CompletableFuture<HealthResponse> health = null;
    CompletableFuture<StateResponse> state = null;
    try {
      health = asyncClient.cluster().health();
      state =
          asyncClient
              .cluster()
              .state(s -> s.metric("blocks").index(watched).ignoreUnavailable(true).allowNoIndices(true));
      if (health.get(millisLeft(deadline), TimeUnit.MILLISECONDS).status() == HealthStatus.Red) {
        return "cluster health is red";
      }
      JsonNode blocks =
          state.get(millisLeft(deadline), TimeUnit.MILLISECONDS).valueBody().to(JsonNode.class).path("blocks");
      return WriteBlocks.find(blocks, watched).orElse(null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted while asking the cluster";
    } catch (TimeoutException e) {
      return "no answer within " + config.healthTimeout();
    } catch (ExecutionException e) {
      return "unreachable: " + e.getCause();
    } catch (RuntimeException e) {
      return "unreadable answer: " + e;
    } finally {
      // a request still out after the deadline is abandoned, not left to hold a connection
      if (health != null) {
        health.cancel(true);
      }
      if (state != null) {
        state.cancel(true);
      }
    }
  }

  private static long millisLeft(long deadlineNanos) {
    return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (retentionTimer != null) {
      retentionTimer.shutdownNow();
    }
    try {
      transport.close();
    } catch (IOException e) {
      throw new StoreException("cannot close the Elasticsearch client", e);
    }
    log.info("Elasticsearch run store at {} closed", config.url());
  }

  private void requireOpen() {
    if (closed) {
      throw new StoreException("Elasticsearch store is closed");
    }
  }

  private static Query term(String field, String value) {
    return Query.of(q -> q.term(t -> t.field(field).value(value)));
  }

  /** One request to the cluster. */
  @FunctionalInterface
  interface Call<T> {
    T run() throws IOException;
  }

  static <T> T call(String what, Call<T> request) {
    try {
      return request.run();
    } catch (IOException | ElasticsearchException e) {
      throw new StoreException("Elasticsearch: cannot " + what, e);
    }
  }

  private static void closeQuietly(RestClientTransport transport, Exception cause) {
    try {
      transport.close();
    } catch (IOException e) {
      cause.addSuppressed(e);
    }
  }
}
