package io.sparkplane.collector.store;

import static io.sparkplane.collector.TestEvents.finished;
import static io.sparkplane.collector.TestEvents.heartbeat;
import static io.sparkplane.collector.TestEvents.run;
import static io.sparkplane.collector.TestEvents.started;
import static io.sparkplane.collector.TestEvents.withId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkplane.collector.TestEvents;
import io.sparkplane.wire.Heartbeat;
import io.sparkplane.wire.Progress;
import io.sparkplane.wire.RunIdentity;
import io.sparkplane.wire.RunStatus;
import io.sparkplane.wire.TelemetryEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RunStore} promises. An implementation's test extends this class and says how to
 * open a fresh, empty store.
 */
public abstract class AbstractRunStoreContractTest {

  private static final long T0 = Instant.parse("2025-06-01T00:00:00Z").toEpochMilli();
  private static final long MINUTE = 60_000;

  /** A cutoff after any time a store's clock can give an append in these tests. */
  private static final Instant LONG_AFTER_ANY_APPEND = Instant.now().plus(java.time.Duration.ofDays(3650));

  protected RunStore store;

  /** A new, empty store; closed by the suite after each test. */
  protected abstract RunStore openEmptyStore() throws Exception;

  @BeforeEach
  void openStore() throws Exception {
    store = openEmptyStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  @DisplayName("An attachment is stored with its run, replaced by name, and kept per tenant")
  void attachments() {
    store.append(List.of(started(run("acme", "run-1"), T0), started(run("globex", "run-1"), T0)));
    ObjectNode verdict = JsonNodeFactory.instance.objectNode().put("class", "DATA_SKEW");
    ObjectNode retry = JsonNodeFactory.instance.objectNode().put("decision", "RETRY");

    store.putAttachment("acme", "run-1", "triage", verdict);
    store.putAttachment("acme", "run-1", "retry", retry);
    store.putAttachment("acme", "run-1", "triage", verdict.deepCopy().put("class", "EXECUTOR_OOM"));

    Map<String, JsonNode> attached = store.attachments("acme", "run-1");
    assertThat(attached).containsOnlyKeys("triage", "retry");
    assertThat(attached.get("triage").path("class").asText()).isEqualTo("EXECUTOR_OOM");
    assertThat(attached.get("retry")).isEqualTo(retry);
    assertThat(store.attachments("globex", "run-1")).isEmpty();
    assertThat(store.attachments("acme", "no-such-run")).isEmpty();
    assertThatThrownBy(() -> store.putAttachment("globex", "run-2", "triage", verdict))
        .isInstanceOf(NoSuchElementException.class);
  }

  @Test
  @DisplayName("A RUN_STARTED event creates a RUNNING run with its submit time and resources")
  void startedCreatesRunningRun() {
    RunIdentity id = run("acme", "run-1");
    StoreResult result = store.append(List.of(started(id, T0)));

    assertThat(result.accepted()).isEqualTo(1);
    assertThat(result.duplicates()).isZero();
    StoredRun run = store.findRun("acme", "run-1").orElseThrow();
    assertThat(run.identity()).isEqualTo(id);
    assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(run.submitTimeMs()).isEqualTo(T0);
    assertThat(run.startTimeMs()).isEqualTo(T0 + 100);
    assertThat(run.resources()).isEqualTo(TestEvents.RESOURCES);
    assertThat(run.summary()).isNull();
    assertThat(run.eventCount()).isEqualTo(1);
  }

  @Test
  @DisplayName("The same event appended twice is stored once and counted as a duplicate")
  void sameEventTwiceIsCountedOnce() {
    TelemetryEvent event = started(run("acme", "run-1"), T0);

    StoreResult first = store.append(List.of(event));
    StoreResult second = store.append(List.of(event));

    assertThat(first.outcomes()).containsExactly(AppendOutcome.ACCEPTED);
    assertThat(second.outcomes()).containsExactly(AppendOutcome.DUPLICATE);
    assertThat(store.findRun("acme", "run-1").orElseThrow().eventCount()).isEqualTo(1);
  }

  @Test
  @DisplayName("An event id repeated within one batch counts as a duplicate after its first occurrence")
  void repeatedIdWithinBatch() {
    RunIdentity id = run("acme", "run-1");
    TelemetryEvent beat = heartbeat(id, T0, 5);

    StoreResult result = store.append(List.of(started(id, T0), beat, beat));

    assertThat(result.outcomes())
        .containsExactly(AppendOutcome.ACCEPTED, AppendOutcome.ACCEPTED, AppendOutcome.DUPLICATE);
    assertThat(result.accepted()).isEqualTo(2);
    assertThat(result.duplicates()).isEqualTo(1);
    assertThat(store.findRun("acme", "run-1").orElseThrow().eventCount()).isEqualTo(2);
  }

  @Test
  @DisplayName("An empty batch stores nothing")
  void emptyBatch() {
    StoreResult result = store.append(List.of());

    assertThat(result.outcomes()).isEmpty();
    assertThat(store.listRuns(RunQuery.builder().build()).runs()).isEmpty();
  }

  @Test
  @DisplayName("RUN_FINISHED sets the status from the summary, stores the summary and reports the run once")
  void finishedSetsStatusAndSummary() {
    RunIdentity id = run("acme", "run-1");
    store.append(List.of(started(id, T0)));

    StoreResult result = store.append(List.of(finished(id, T0, RunStatus.FAILED)));

    assertThat(result.finishedRuns()).containsExactly(new FinishedRun(id, RunStatus.FAILED));
    StoredRun run = store.findRun("acme", "run-1").orElseThrow();
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.summary()).isEqualTo(TestEvents.summary(T0, RunStatus.FAILED));
    assertThat(run.endTimeMs()).isEqualTo(T0 + 60_000);
    assertThat(run.isFinished()).isTrue();
    assertThat(run.eventCount()).isEqualTo(2);
  }

  @Test
  @DisplayName("A RUN_STARTED arriving after RUN_FINISHED leaves the run finished")
  void lateStartedKeepsRunFinished() {
    RunIdentity id = run("acme", "run-1");
    store.append(List.of(finished(id, T0, RunStatus.SUCCEEDED)));

    store.append(List.of(started(id, T0)));

    StoredRun run = store.findRun("acme", "run-1").orElseThrow();
    assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(run.summary()).isNotNull();
    assertThat(run.submitTimeMs()).isEqualTo(T0);
    assertThat(run.resources()).isEqualTo(TestEvents.RESOURCES);
    assertThat(run.eventCount()).isEqualTo(2);
  }

  @Test
  @DisplayName("Finished-then-started in one batch also leaves the run finished")
  void lateStartedInSameBatchKeepsRunFinished() {
    RunIdentity id = run("acme", "run-1");

    StoreResult result =
        store.append(List.of(finished(id, T0, RunStatus.CANCELLED), started(id, T0)));

    assertThat(result.finishedRuns()).containsExactly(new FinishedRun(id, RunStatus.CANCELLED));
    assertThat(store.findRun("acme", "run-1").orElseThrow().status())
        .isEqualTo(RunStatus.CANCELLED);
  }

  @Test
  @DisplayName("A heartbeat after RUN_FINISHED is recorded but does not make the run RUNNING again")
  void lateHeartbeatKeepsRunFinished() {
    RunIdentity id = run("acme", "run-1");
    store.append(List.of(started(id, T0), finished(id, T0, RunStatus.SUCCEEDED)));

    store.append(List.of(heartbeat(id, T0 + 30_000, 10)));

    StoredRun run = store.findRun("acme", "run-1").orElseThrow();
    assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(run.lastHeartbeatMs()).isEqualTo(T0 + 30_000);
  }

  @Test
  @DisplayName("A second RUN_FINISHED with a new id changes nothing and is not reported again")
  void secondFinishedIsIgnored() {
    RunIdentity id = run("acme", "run-1");
    store.append(List.of(started(id, T0), finished(id, T0, RunStatus.FAILED)));

    StoreResult again =
        store.append(List.of(withId(finished(id, T0, RunStatus.SUCCEEDED), "another-id")));

    assertThat(again.accepted()).isEqualTo(1);
    assertThat(again.finishedRuns()).isEmpty();
    assertThat(store.findRun("acme", "run-1").orElseThrow().status()).isEqualTo(RunStatus.FAILED);
  }

  @Test
  @DisplayName("Heartbeats before RUN_STARTED create a RUNNING run that RUN_STARTED then completes")
  void heartbeatsBeforeStarted() {
    RunIdentity id = run("acme", "run-1");
    store.append(List.of(heartbeat(id, T0 + 5_000, 3)));

    StoredRun early = store.findRun("acme", "run-1").orElseThrow();
    assertThat(early.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(early.lastHeartbeat().progress().completedTasks()).isEqualTo(3);
    assertThat(early.resources()).isNull();

    store.append(List.of(started(id, T0)));

    StoredRun run = store.findRun("acme", "run-1").orElseThrow();
    assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(run.submitTimeMs()).isEqualTo(T0);
    assertThat(run.resources()).isEqualTo(TestEvents.RESOURCES);
    assertThat(run.lastHeartbeatMs()).isEqualTo(T0 + 5_000);
    assertThat(run.eventCount()).isEqualTo(2);
  }

  @Test
  @DisplayName("An older heartbeat arriving late does not replace a newer one")
  void olderHeartbeatDoesNotReplaceNewer() {
    RunIdentity id = run("acme", "run-1");
    store.append(List.of(started(id, T0), heartbeat(id, T0 + 20_000, 20)));

    store.append(List.of(heartbeat(id, T0 + 10_000, 10)));

    StoredRun run = store.findRun("acme", "run-1").orElseThrow();
    assertThat(run.lastHeartbeatMs()).isEqualTo(T0 + 20_000);
    assertThat(run.lastHeartbeat().progress().completedTasks()).isEqualTo(20);
    assertThat(run.eventCount()).isEqualTo(3);
  }

  @Test
  @DisplayName("A run of tenant A is not found through tenant B, and equal run ids of two tenants stay apart")
  void tenantIsolation() {
    store.append(List.of(started(run("tenant-a", "shared-id"), T0)));

    assertThat(store.findRun("tenant-b", "shared-id")).isEmpty();
    assertThat(store.listRuns(RunQuery.builder().tenant("tenant-b").build()).runs()).isEmpty();

    store.append(List.of(finished(run("tenant-b", "shared-id"), T0, RunStatus.FAILED)));

    assertThat(store.findRun("tenant-a", "shared-id").orElseThrow().status())
        .isEqualTo(RunStatus.RUNNING);
    assertThat(store.findRun("tenant-b", "shared-id").orElseThrow().status())
        .isEqualTo(RunStatus.FAILED);
    assertThat(store.listRuns(RunQuery.builder().tenant("tenant-a").build()).runs())
        .extracting(StoredRun::tenant)
        .containsExactly("tenant-a");
  }

  @Test
  @DisplayName("Without a tenant, findRun finds the run of any tenant")
  void findRunWithoutTenant() {
    store.append(List.of(started(run("acme", "run-1"), T0)));

    assertThat(store.findRun(null, "run-1")).map(StoredRun::tenant).contains("acme");
    assertThat(store.findRun(null, "missing")).isEmpty();
  }

  @Test
  @DisplayName("Runs are listed newest submit time first, then by run id descending")
  void ordering() {
    store.append(
        List.of(
            started(run("acme", "b"), T0),
            started(run("acme", "a"), T0),
            started(run("acme", "c"), T0 - MINUTE),
            started(run("acme", "z"), T0 + MINUTE)));

    List<String> ids =
        store.listRuns(RunQuery.builder().build()).runs().stream().map(StoredRun::runId).toList();

    assertThat(ids).containsExactly("z", "b", "a", "c");
  }

  @Test
  @DisplayName("Paging with the cursor returns every run exactly once, in listing order")
  void pagingReturnsEveryRunOnce() {
    List<TelemetryEvent> events = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      // groups of three share a submit time, so the tie-breakers matter at page borders
      long submit = T0 + (i / 3) * MINUTE;
      events.add(started(run(i % 2 == 0 ? "acme" : "globex", "run-" + i), submit));
    }
    events.add(started(run("globex", "run-0"), T0)); // same id and time as acme's run-0
    store.append(events);

    List<StoredRun> seen = new ArrayList<>();
    RunQuery query = RunQuery.builder().limit(5).build();
    int pages = 0;
    while (true) {
      RunPage page = store.listRuns(query);
      pages++;
      assertThat(page.runs()).hasSizeLessThanOrEqualTo(5);
      seen.addAll(page.runs());
      if (page.nextCursor() == null) {
        break;
      }
      query = query.withCursor(RunCursor.decode(page.nextCursor().encode()));
      assertThat(pages).as("pages").isLessThan(10);
    }

    assertThat(seen).hasSize(24);
    assertThat(seen.stream().map(r -> r.tenant() + "/" + r.runId()).collect(Collectors.toSet()))
        .hasSize(24);
    assertThat(seen)
        .isSortedAccordingTo(
            Comparator.comparingLong(StoredRun::submitTimeMs)
                .thenComparing(StoredRun::runId)
                .thenComparing(StoredRun::tenant)
                .reversed());
    assertThat(pages).isEqualTo(5);
  }

  @Test
  @DisplayName("A page that ends exactly at the last run has no next cursor")
  void exactLastPage() {
    store.append(List.of(started(run("acme", "a"), T0), started(run("acme", "b"), T0)));

    RunPage page = store.listRuns(RunQuery.builder().limit(2).build());

    assertThat(page.runs()).hasSize(2);
    assertThat(page.nextCursor()).isNull();
  }

  @Test
  @DisplayName("Runs can be filtered by tenant, workload, status and submit-time range")
  void filters() {
    store.append(
        List.of(
            started(run("acme", "etl-1", "etl"), T0),
            finished(run("acme", "etl-2", "etl"), T0 + MINUTE, RunStatus.FAILED),
            started(run("acme", "report-1", "report"), T0 + 2 * MINUTE),
            started(run("globex", "etl-9", "etl"), T0 + 3 * MINUTE)));

    assertThat(ids(RunQuery.builder().tenant("acme").build()))
        .containsExactly("report-1", "etl-2", "etl-1");
    assertThat(ids(RunQuery.builder().workload("etl").build()))
        .containsExactly("etl-9", "etl-2", "etl-1");
    assertThat(ids(RunQuery.builder().status(RunStatus.FAILED).build())).containsExactly("etl-2");
    assertThat(ids(RunQuery.builder().status(RunStatus.RUNNING).tenant("acme").workload("etl").build()))
        .containsExactly("etl-1");
    assertThat(
            ids(
                RunQuery.builder()
                    .from(Instant.ofEpochMilli(T0 + MINUTE))
                    .to(Instant.ofEpochMilli(T0 + 3 * MINUTE))
                    .build()))
        .as("from is inclusive, to exclusive")
        .containsExactly("report-1", "etl-2");
  }

  @Test
  @DisplayName("Concurrent appends of overlapping batches store each event exactly once")
  void concurrentAppends() throws Exception {
    List<TelemetryEvent> events = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      RunIdentity id = run("acme", "run-" + (i % 4));
      events.add(i < 4 ? started(id, T0) : heartbeat(id, T0 + i * 1000L, i));
    }
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<StoreResult>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        List<TelemetryEvent> shuffled = new ArrayList<>(events);
        Collections.shuffle(shuffled, new Random(t));
        results.add(pool.submit(() -> store.append(shuffled)));
      }
      int accepted = 0;
      for (Future<StoreResult> result : results) {
        accepted += result.get(30, TimeUnit.SECONDS).accepted();
      }
      assertThat(accepted).isEqualTo(events.size());
    } finally {
      pool.shutdownNow();
    }
    for (int r = 0; r < 4; r++) {
      assertThat(store.findRun("acme", "run-" + r).orElseThrow().eventCount()).isEqualTo(5);
    }
  }

  @Test
  @DisplayName("markLost marks a silent RUNNING run LOST, keeping its last heartbeat, and leaves finished runs alone")
  void markLostKeepsLastHeartbeat() {
    RunIdentity silent = run("acme", "silent");
    RunIdentity done = run("acme", "done");
    store.append(
        List.of(
            started(silent, T0),
            heartbeat(silent, T0 + 30_000, 42),
            started(done, T0),
            finished(done, T0, RunStatus.SUCCEEDED)));

    assertThat(store.markLost(Instant.EPOCH, 10)).as("nothing was received before 1970").isEmpty();
    assertThat(store.findRun("acme", "silent").orElseThrow().status()).isEqualTo(RunStatus.RUNNING);

    List<StoredRun> lost = store.markLost(LONG_AFTER_ANY_APPEND, 10);

    assertThat(lost).extracting(StoredRun::runId).containsExactly("silent");
    assertThat(lost.get(0).status()).isEqualTo(RunStatus.LOST);
    StoredRun stored = store.findRun("acme", "silent").orElseThrow();
    assertThat(stored.status()).isEqualTo(RunStatus.LOST);
    assertThat(stored.lastHeartbeat().progress().completedTasks()).isEqualTo(42);
    assertThat(stored.lastHeartbeat().driverHeapUsedBytes()).isEqualTo(1L << 20);
    assertThat(stored.lastHeartbeatMs()).isEqualTo(T0 + 30_000);
    assertThat(stored.summary()).isNull();
    assertThat(store.findRun("acme", "done").orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(store.markLost(LONG_AFTER_ANY_APPEND, 10)).as("already LOST").isEmpty();
    assertThat(ids(RunQuery.builder().status(RunStatus.LOST).build())).containsExactly("silent");
  }

  @Test
  @DisplayName("A heartbeat's after-GC heap is stored as sent, and a heartbeat without it (an older listener's) reads back without it")
  void heartbeatAfterGcStoredAsSent() {
    RunIdentity current = run("acme", "current-listener");
    RunIdentity older = run("acme", "older-listener");
    Progress progress = new Progress(1, 0, 0, 1, 0, 0, 9, 0);
    store.append(
        List.of(
            started(current, T0),
            TelemetryEvent.heartbeat(current, T0 + 1_000, new Heartbeat(progress, 900L << 20, 1L << 30, 870L << 20)),
            started(older, T0),
            TelemetryEvent.heartbeat(older, T0 + 1_000, new Heartbeat(progress, 900L << 20, 1L << 30))));
    store.markLost(LONG_AFTER_ANY_APPEND, 10);

    Heartbeat withFigure = store.findRun("acme", "current-listener").orElseThrow().lastHeartbeat();
    Heartbeat without = store.findRun("acme", "older-listener").orElseThrow().lastHeartbeat();
    assertThat(withFigure).isEqualTo(new Heartbeat(progress, 900L << 20, 1L << 30, 870L << 20));
    assertThat(without.driverHeapAfterGcBytes()).isNull();
    assertThat(without.driverHeapUsedBytes()).isEqualTo(900L << 20);
  }

  @Test
  @DisplayName("markLost marks at most limit runs per call")
  void markLostHonoursLimit() {
    store.append(
        List.of(started(run("acme", "a"), T0), started(run("acme", "b"), T0), started(run("globex", "c"), T0)));

    assertThat(store.markLost(LONG_AFTER_ANY_APPEND, 2)).hasSize(2);
    assertThat(store.markLost(LONG_AFTER_ANY_APPEND, 2)).hasSize(1);
  }

  @Test
  @DisplayName("A RUN_FINISHED arriving after a run was marked LOST sets the final status and reports the run")
  void lateFinishedWinsOverLost() {
    RunIdentity id = run("acme", "run-1");
    store.append(List.of(started(id, T0), heartbeat(id, T0 + 1_000, 7)));
    store.markLost(LONG_AFTER_ANY_APPEND, 10);

    StoreResult result = store.append(List.of(finished(id, T0, RunStatus.FAILED)));

    assertThat(result.finishedRuns()).containsExactly(new FinishedRun(id, RunStatus.FAILED));
    StoredRun run = store.findRun("acme", "run-1").orElseThrow();
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.summary()).isNotNull();
  }

  @Test
  @DisplayName("A heartbeat after LOST is kept as the last heartbeat but leaves the run LOST")
  void heartbeatAfterLostKeepsLost() {
    RunIdentity id = run("acme", "run-1");
    store.append(List.of(started(id, T0), heartbeat(id, T0 + 1_000, 7)));
    store.markLost(LONG_AFTER_ANY_APPEND, 10);

    store.append(List.of(heartbeat(id, T0 + 2_000, 8)));

    StoredRun run = store.findRun("acme", "run-1").orElseThrow();
    assertThat(run.status()).isEqualTo(RunStatus.LOST);
    assertThat(run.lastHeartbeat().progress().completedTasks()).isEqualTo(8);
  }

  @Test
  @DisplayName("A healthy store says so")
  void healthy() {
    assertThat(store.isHealthy()).isTrue();
  }

  private List<String> ids(RunQuery query) {
    return store.listRuns(query).runs().stream().map(StoredRun::runId).toList();
  }
}
