package io.sparkplane.collector.store.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkplane.collector.store.StoredRun;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;

/**
 * Pages through run documents in one point in time (PIT), oldest submit time first, with {@code
 * search_after} on the sort values of the last hit (the PIT adds its own {@code _shard_doc}
 * tie-breaker). Not thread-safe; {@link #close()} releases the PIT.
 */
final class FinishedRunScan extends Spliterators.AbstractSpliterator<StoredRun>
    implements AutoCloseable {

  private static final String KEEP_ALIVE = "2m";

  private final ElasticsearchClient client;
  private final Query filter;
  private final int pageSize;
  private final Deque<StoredRun> buffer = new ArrayDeque<>();
  private String pitId;
  private List<FieldValue> after = List.of();
  private boolean exhausted;
  private boolean closed;

  private FinishedRunScan(ElasticsearchClient client, String pitId, Query filter, int pageSize) {
    super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
    this.client = client;
    this.pitId = pitId;
    this.filter = filter;
    this.pageSize = pageSize;
  }

  static FinishedRunScan open(ElasticsearchClient client, String alias, Query filter, int pageSize) {
    String pit =
        ElasticsearchRunStore.call(
                "open a point in time",
                () ->
                    client.openPointInTime(
                        p -> p.index(alias).keepAlive(k -> k.time(KEEP_ALIVE)).ignoreUnavailable(true)))
            .id();
    return new FinishedRunScan(client, pit, filter, pageSize);
  }

  @Override
  public boolean tryAdvance(Consumer<? super StoredRun> action) {
    if (buffer.isEmpty() && !exhausted) {
      fetch();
    }
    StoredRun next = buffer.poll();
    if (next == null) {
      return false;
    }
    action.accept(next);
    return true;
  }

  private void fetch() {
    String pit = pitId;
    List<FieldValue> searchAfter = after;
    SearchResponse<ObjectNode> page =
        ElasticsearchRunStore.call(
            "scan runs",
            () ->
                client.search(
                    s -> {
                      s.pit(p -> p.id(pit).keepAlive(k -> k.time(KEEP_ALIVE)))
                          .query(filter)
                          .sort(o -> o.field(f -> f.field("submit_time_ms").order(SortOrder.Asc)))
                          .size(pageSize)
                          .trackTotalHits(t -> t.enabled(false));
                      if (!searchAfter.isEmpty()) {
                        s.searchAfter(searchAfter);
                      }
                      return s;
                    },
                    ObjectNode.class));
    if (page.pitId() != null) {
      pitId = page.pitId();
    }
    List<Hit<ObjectNode>> hits = page.hits().hits();
    for (Hit<ObjectNode> hit : hits) {
      buffer.add(StoredRunDocument.fromJson(Objects.requireNonNull(hit.source())).run());
    }
    if (hits.size() < pageSize) {
      exhausted = true;
    } else {
      after = hits.get(hits.size() - 1).sort();
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    String pit = pitId;
    ElasticsearchRunStore.call("close the point in time", () -> client.closePointInTime(c -> c.id(pit)));
  }
}
