package io.sparkplane.collector.store.elasticsearch;

import static io.sparkplane.collector.TestEvents.finished;
import static io.sparkplane.collector.TestEvents.heartbeat;
import static io.sparkplane.collector.TestEvents.run;
import static io.sparkplane.collector.TestEvents.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkplane.collector.TestEvents;
import io.sparkplane.collector.store.AbstractRunStoreContractTest;
import io.sparkplane.collector.store.ReceivedEvents;
import io.sparkplane.collector.store.RunQuery;
import io.sparkplane.collector.store.RunStore;
import io.sparkplane.collector.store.StoreException;
import io.sparkplane.collector.store.StoreResult;
import io.sparkplane.collector.store.StoredRun;
import io.sparkplane.collector.testing.ElasticsearchExtension;
import io.sparkplane.collector.testing.ElasticsearchNode;
import io.sparkplane.wire.ListenerStats;
import io.sparkplane.wire.MetricTotals;
import io.sparkplane.wire.Progress;
import io.sparkplane.wire.Quantiles;
import io.sparkplane.wire.RunIdentity;
import io.sparkplane.wire.RunStatus;
import io.sparkplane.wire.RunSummary;
import io.sparkplane.wire.StageSummary;
import io.sparkplane.wire.TelemetryEvent;
import io.sparkplane.wire.TelemetryJson;
import io.sparkplane.wire.Timing;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The store contract and the Elasticsearch store's own promises, against a real node. */
@DisplayName("ElasticsearchRunStore")
@ExtendWith(ElasticsearchExtension.class)
class ElasticsearchRunStoreIT extends AbstractRunStoreContractTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-09-15T12:00:00Z"), ZoneOffset.UTC);
  private static final long JUNE = Instant.parse("2025-06-10T00:00:00Z").toEpochMilli();
  private static final long JULY = Instant.parse("2025-07-10T00:00:00Z").toEpochMilli();
  private static final long SEPTEMBER = Instant.parse("2025-09-01T00:00:00Z").toEpochMilli();

  private final HttpClient http = HttpClient.newHttpClient();
  private ElasticsearchNode node;
  private ElasticsearchStoreConfig config;

  @BeforeEach
  void node(ElasticsearchNode es) {
    this.node = es;
  }

  @Override
  protected RunStore openEmptyStore() {
    config = ElasticsearchTestStores.freshConfig(ElasticsearchExtension.node());
    return ElasticsearchRunStore.open(config, CLOCK);
  }

  private ElasticsearchRunStore es() {
    return (ElasticsearchRunStore) store;
  }

  @Test
  @DisplayName("Runs go to monthly indices behind one alias, and listing reads across months")
  void monthlyIndices() throws Exception {
    store.append(List.of(started(run("acme", "june"), JUNE), started(run("acme", "july"), JULY)));

    String indices = get("/_cat/indices/" + config.indexPrefix() + "-*?h=index&s=index");
    assertThat(indices.lines().toList())
        .contains(
            config.indexPrefix() + "-runs-2025.06",
            config.indexPrefix() + "-runs-2025.07",
            config.indexPrefix() + "-events-2025.06",
            config.indexPrefix() + "-events-2025.07");
    assertThat(get("/_alias/" + config.indexPrefix() + "-runs"))
        .contains(config.indexPrefix() + "-runs-2025.06", config.indexPrefix() + "-runs-2025.07");
    assertThat(store.listRuns(RunQuery.builder().build()).runs())
        .extracting(StoredRun::runId)
        .containsExactly("july", "june");
  }

  @Test
  @DisplayName("User-defined names in summaries (stages, workloads) add no fields to the mappings")
  void mappingsDoNotGrow() throws Exception {
    store.append(List.of(started(run("acme", "r0"), JUNE)));
    String before = get("/" + config.indexPrefix() + "-runs-2025.06/_mapping");

    List<TelemetryEvent> events = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      RunIdentity id = run("acme", "r" + i, "workload-" + i);
      events.add(TelemetryEvent.finished(id, JUNE + 60_000, summaryWithStages(JUNE, i)));
    }
    StoreResult result = store.append(events);

    assertThat(result.accepted()).isEqualTo(20);
    assertThat(get("/" + config.indexPrefix() + "-runs-2025.06/_mapping")).isEqualTo(before);
    assertThat(before).contains("\"dynamic\":\"strict\"").doesNotContain("stage-name-");
    assertThat(store.findRun("acme", "r7").orElseThrow().summary().stages())
        .extracting(StageSummary::name)
        .containsExactly("stage-name-7-0", "stage-name-7-1", "stage-name-7-2");
  }

  @Test
  @DisplayName("The events index keeps an event as the request carried it (unknown fields too); one spanning several lines is serialised")
  void archivesReceivedJson() throws Exception {
    TelemetryEvent oneLine = started(run("acme", "r1"), JUNE);
    TelemetryEvent multiLine = started(run("acme", "r2"), JUNE);
    ObjectNode first = TelemetryJson.mapper().<ObjectNode>valueToTree(oneLine).put("addedByANewerListener", "kept");
    ObjectNode second =
        TelemetryJson.mapper().<ObjectNode>valueToTree(multiLine).put("addedByANewerListener", "dropped");
    byte[] firstJson = TelemetryJson.toBytes(first);
    byte[] secondJson = TelemetryJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(second);

    assertThat(store.append(ReceivedEvents.of(List.of(oneLine, multiLine), List.of(firstJson, secondJson))).accepted())
        .isEqualTo(2);

    // compared as parsed JSON: a tree built from records holds longs where parsing gives ints
    assertThat(archived(oneLine)).isEqualTo(TelemetryJson.mapper().readTree(firstJson));
    assertThat(archived(oneLine).path("addedByANewerListener").asText()).isEqualTo("kept");
    assertThat(archived(multiLine)).isEqualTo(TelemetryJson.mapper().readTree(TelemetryJson.toBytes(multiLine)));
    assertThat(store.findRun("acme", "r1").orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
  }

  /** The {@code event} object of an event's document in June's events index (a real-time get). */
  private JsonNode archived(TelemetryEvent event) throws Exception {
    return TelemetryJson.mapper()
        .readTree(get("/" + config.indexPrefix() + "-events-2025.06/_doc/" + event.eventId()))
        .path("_source")
        .path("event");
  }

  @Test
  @DisplayName("A document with a field outside the mapping is refused by the index, not mapped")
  void strictMappingRefusesUnknownFields() throws Exception {
    store.append(List.of(started(run("acme", "r0"), JUNE)));

    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(node.url() + "/" + config.indexPrefix() + "-runs-2025.06/_doc/x"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"my_custom_metric\": 1}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("strict_dynamic_mapping_exception");
  }

  @Test
  @DisplayName("Retention drops whole monthly indices older than the kept months, by the injected clock")
  void retentionDropsOldMonths() {
    ElasticsearchStoreConfig keepTwo = config.withRetentionMonths(2);
    store.close();
    store = ElasticsearchRunStore.open(keepTwo, CLOCK);
    store.append(
        List.of(
            finished(run("acme", "june"), JUNE, RunStatus.SUCCEEDED),
            started(run("acme", "july"), JULY),
            started(run("acme", "september"), SEPTEMBER)));
    store.putAttachment("acme", "june", "triage", JsonNodeFactory.instance.objectNode().put("class", "X"));

    List<String> dropped = es().dropExpiredIndices();

    assertThat(dropped)
        .containsExactlyInAnyOrder(
            keepTwo.indexPrefix() + "-runs-2025.06",
            keepTwo.indexPrefix() + "-events-2025.06",
            keepTwo.indexPrefix() + "-attachments-2025.06");
    assertThat(store.listRuns(RunQuery.builder().build()).runs())
        .extracting(StoredRun::runId)
        .containsExactly("september", "july");
    assertThat(es().dropExpiredIndices()).isEmpty();
  }

  @Test
  @DisplayName("Without a retention setting nothing is dropped")
  void noRetention() {
    store.append(List.of(started(run("acme", "june"), JUNE)));

    assertThat(es().dropExpiredIndices()).isEmpty();
    assertThat(store.findRun("acme", "june")).isPresent();
  }

  @Test
  @DisplayName("The point-in-time scan returns every finished run of the range once, oldest first, across pages")
  void scanFinished() {
    store.close();
    store = ElasticsearchRunStore.open(config.withScanPageSize(2), CLOCK);
    List<TelemetryEvent> events = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      events.add(finished(run(i % 2 == 0 ? "acme" : "globex", "done-" + i), JUNE + i * 60_000L, RunStatus.SUCCEEDED));
    }
    events.add(started(run("acme", "still-running"), JUNE + 1));
    events.add(finished(run("acme", "too-late"), SEPTEMBER, RunStatus.FAILED));
    store.append(events);

    List<String> ids;
    try (Stream<StoredRun> runs =
        es().scanFinished(Instant.ofEpochMilli(JUNE), Instant.ofEpochMilli(JULY))) {
      ids = runs.map(StoredRun::runId).toList();
    }

    assertThat(ids).containsExactly("done-0", "done-1", "done-2", "done-3", "done-4", "done-5", "done-6");
  }

  @Test
  @DisplayName("Two stores on one cluster (two collector replicas) fold concurrent events of one run exactly once")
  void twoReplicasShareRuns() throws Exception {
    RunIdentity id = run("acme", "shared");
    List<TelemetryEvent> events = new ArrayList<>();
    events.add(started(id, JUNE));
    for (int i = 1; i <= 30; i++) {
      events.add(heartbeat(id, JUNE + i * 1_000L, i));
    }
    events.add(finished(id, JUNE, RunStatus.SUCCEEDED));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (RunStore replica = ElasticsearchRunStore.open(config, CLOCK)) {
      List<Future<StoreResult>> results = new ArrayList<>();
      for (int i = 0; i < events.size(); i++) {
        RunStore target = i % 2 == 0 ? store : replica;
        TelemetryEvent event = events.get(i);
        results.add(pool.submit(() -> target.append(List.of(event))));
        // and every event a second time, through the other replica
        RunStore other = target == store ? replica : store;
        results.add(pool.submit(() -> other.append(List.of(event))));
      }
      int accepted = 0;
      int finishedReports = 0;
      for (Future<StoreResult> result : results) {
        StoreResult r = result.get(60, TimeUnit.SECONDS);
        accepted += r.accepted();
        finishedReports += r.finishedRuns().size();
      }
      assertThat(accepted).isEqualTo(events.size());
      assertThat(finishedReports).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    StoredRun run = store.findRun("acme", "shared").orElseThrow();
    assertThat(run.eventCount()).isEqualTo(events.size());
    assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(run.lastHeartbeatMs()).isEqualTo(JUNE + 30_000);
  }

  @Test
  @DisplayName("A running run's later events are folded onto this store's own last write without reading it back; a copy another replica made stale is read again; writtenRunsCacheSize 0 reads before every append")
  void ownWritesAreNotReadBack() throws Exception {
    RunIdentity id = run("acme", "own-copy");
    // the month's index exists, so reading the new run is a real get (not index_not_found)
    store.append(List.of(started(run("acme", "first-of-june"), JUNE)));
    long before = realTimeGets();
    store.append(List.of(started(id, JUNE)));
    long afterFirst = realTimeGets();
    store.append(List.of(heartbeat(id, JUNE + 1_000L, 1)));
    store.append(List.of(heartbeat(id, JUNE + 2_000L, 2)));

    assertThat(afterFirst).as("the new run is read once").isGreaterThan(before);
    assertThat(realTimeGets()).as("its next appends use the copy this store wrote").isEqualTo(afterFirst);

    try (RunStore replica = ElasticsearchRunStore.open(config, CLOCK)) {
      assertThat(replica.append(List.of(heartbeat(id, JUNE + 3_000L, 3))).accepted()).isEqualTo(1);
    }
    long beforeStale = realTimeGets();
    StoreResult stale = store.append(List.of(heartbeat(id, JUNE + 4_000L, 4), finished(id, JUNE, RunStatus.SUCCEEDED)));

    assertThat(stale.accepted()).isEqualTo(2);
    assertThat(stale.finishedRuns()).hasSize(1);
    assertThat(realTimeGets()).as("the stale copy's write conflicted and the run was read").isGreaterThan(beforeStale);
    StoredRun run = store.findRun("acme", "own-copy").orElseThrow();
    assertThat(run.eventCount()).as("start, three heartbeats of this store, one of the replica, finish").isEqualTo(6);
    assertThat(run.lastHeartbeatMs()).isEqualTo(JUNE + 4_000L);
    assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);

    try (RunStore uncached = ElasticsearchRunStore.open(config.withWrittenRunsCacheSize(0), CLOCK)) {
      RunIdentity other = run("acme", "no-copy");
      uncached.append(List.of(started(other, JUNE)));
      long reads = realTimeGets();
      uncached.append(List.of(heartbeat(other, JUNE + 1_000L, 1)));
      assertThat(realTimeGets()).as("without copies every append reads its run").isGreaterThan(reads);
    }
  }

  /** Real-time gets the node has served (mget counts one per document). */
  private long realTimeGets() throws Exception {
    JsonNode nodes = TelemetryJson.mapper().readTree(get("/_nodes/stats/indices/get")).path("nodes");
    long total = 0;
    for (JsonNode n : nodes) {
      total += n.path("indices").path("get").path("total").asLong();
    }
    return total;
  }

  @Test
  @DisplayName("A closed store is unhealthy and refuses work with a StoreException")
  void closedStore() {
    store.close();

    assertThat(store.isHealthy()).isFalse();
    assertThatThrownBy(() -> store.append(List.of(started(run("acme", "r"), JUNE))))
        .isInstanceOf(StoreException.class);
  }

  @Test
  @DisplayName("Opening a store against an address where nothing listens fails with a StoreException")
  void unreachable() throws IOException {
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    ElasticsearchStoreConfig nowhere =
        ElasticsearchStoreConfig.defaults(URI.create("http://127.0.0.1:" + port));

    assertThatThrownBy(() -> ElasticsearchRunStore.open(nowhere, CLOCK)).isInstanceOf(StoreException.class);
  }

  private String get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(HttpRequest.newBuilder(URI.create(node.url() + path)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return response.body();
  }

  private static RunSummary summaryWithStages(long submit, int run) {
    List<StageSummary> stages = new ArrayList<>();
    for (int s = 0; s < 3; s++) {
      stages.add(
          new StageSummary(s, 0, "stage-name-" + run + "-" + s, 10, "COMPLETE", submit, submit + 1_000, 1_000,
              null, MetricTotals.ZERO, Quantiles.EMPTY, Quantiles.EMPTY, Quantiles.EMPTY, Quantiles.EMPTY,
              Quantiles.EMPTY, 1.0, 1.0));
    }
    return new RunSummary(
        RunStatus.SUCCEEDED,
        new Timing(submit, submit + 100, submit + 60_000, 59_900L, null),
        null,
        TestEvents.RESOURCES,
        MetricTotals.ZERO,
        new Progress(1, 3, 0, 0, 3, 0, 30, 0),
        stages,
        0,
        MetricTotals.ZERO,
        List.of(),
        ListenerStats.NONE);
  }
}
