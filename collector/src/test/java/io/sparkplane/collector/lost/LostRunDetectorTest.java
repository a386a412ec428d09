package io.sparkplane.collector.lost;

import static io.sparkplane.collector.TestEvents.finished;
import static io.sparkplane.collector.TestEvents.heartbeat;
import static io.sparkplane.collector.TestEvents.run;
import static io.sparkplane.collector.TestEvents.started;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sparkplane.collector.FakeClock;
import io.sparkplane.collector.store.FinishedRun;
import io.sparkplane.collector.store.StoreResult;
import io.sparkplane.collector.store.StoredRun;
import io.sparkplane.collector.store.h2.H2RunStore;
import io.sparkplane.wire.RunIdentity;
import io.sparkplane.wire.RunStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("LostRunDetector")
class LostRunDetectorTest {

  private static final Instant START = Instant.parse("2025-06-01T12:00:00Z");
  private static final long T0 = START.toEpochMilli();
  private static final LostRunSettings SETTINGS =
      LostRunSettings.defaults().withHeartbeatInterval(Duration.ofSeconds(10));

  @TempDir Path dir;

  private final FakeClock clock = new FakeClock(START);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<FinishedRun> reported = new CopyOnWriteArrayList<>();
  private H2RunStore store;

  @BeforeEach
  void open() {
    store = H2RunStore.open(dir, clock);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private LostRunDetector detector() {
    return new LostRunDetector(store, SETTINGS, clock, registry, reported::add);
  }

  @Test
  @DisplayName("A run silent for 3 heartbeat intervals becomes LOST with its last heartbeat; not a moment before")
  void silentRunBecomesLost() {
    LostRunDetector detector = detector();
    RunIdentity silent = run("acme", "silent");
    RunIdentity done = run("acme", "done");
    store.append(List.of(started(silent, T0), started(done, T0), finished(done, T0, RunStatus.SUCCEEDED)));
    clock.advance(Duration.ofSeconds(5));
    store.append(List.of(heartbeat(silent, T0 + 5_000, 17)));

    clock.advance(Duration.ofSeconds(29)); // 29 s after the heartbeat
    assertThat(detector.sweep()).isEmpty();
    assertThat(store.findRun("acme", "silent").orElseThrow().status()).isEqualTo(RunStatus.RUNNING);

    clock.advance(Duration.ofSeconds(2)); // 31 s after the heartbeat
    assertThat(detector.sweep()).extracting(StoredRun::runId).containsExactly("silent");

    StoredRun lost = store.findRun("acme", "silent").orElseThrow();
    assertThat(lost.status()).isEqualTo(RunStatus.LOST);
    assertThat(lost.lastHeartbeat().progress().completedTasks()).isEqualTo(17);
    assertThat(lost.lastHeartbeat().driverHeapUsedBytes()).isPositive();
    assertThat(store.findRun("acme", "done").orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(reported).containsExactly(new FinishedRun(silent, RunStatus.LOST));
    assertThat(registry.get("sparkplane.runs.lost").tag("tenant", "acme").counter().count()).isEqualTo(1);
    assertThat(registry.get("sparkplane.runs.finished").tags("tenant", "acme", "status", "LOST").counter().count())
        .as("counted with the outcomes, so failure ratios over FAILED|LOST see it")
        .isEqualTo(1);

    clock.advance(Duration.ofMinutes(5));
    assertThat(detector.sweep()).as("a LOST run is not reported twice").isEmpty();
  }

  @Test
  @DisplayName("Heartbeats keep a run alive however long it runs")
  void heartbeatsKeepRunAlive() {
    LostRunDetector detector = detector();
    RunIdentity id = run("acme", "long");
    store.append(List.of(started(id, T0)));
    for (int i = 1; i <= 20; i++) {
      clock.advance(Duration.ofSeconds(10));
      store.append(List.of(heartbeat(id, T0 + i * 10_000L, i)));
      assertThat(detector.sweep()).isEmpty();
    }
    assertThat(store.findRun("acme", "long").orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
  }

  @Test
  @DisplayName("Right after the collector starts nothing is marked until one silence limit has passed")
  void graceAfterStart() {
    store.append(List.of(started(run("acme", "old"), T0)));
    clock.advance(Duration.ofMinutes(10)); // the collector was down for ten minutes
    LostRunDetector detector = detector();

    clock.advance(Duration.ofSeconds(29));
    assertThat(detector.sweep()).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    assertThat(detector.sweep()).extracting(StoredRun::runId).containsExactly("old");
  }

  @Test
  @DisplayName("A RUN_FINISHED arriving after LOST still sets the final status and is reported as finished")
  void lateFinishWins() {
    LostRunDetector detector = detector();
    RunIdentity id = run("acme", "late");
    store.append(List.of(started(id, T0)));
    clock.advance(Duration.ofMinutes(1));
    assertThat(detector.sweep()).hasSize(1);

    StoreResult result = store.append(List.of(finished(id, T0, RunStatus.SUCCEEDED)));

    assertThat(result.finishedRuns()).containsExactly(new FinishedRun(id, RunStatus.SUCCEEDED));
    assertThat(store.findRun("acme", "late").orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
  }

  @Test
  @DisplayName("Many silent runs are all marked in one sweep, batch by batch")
  void manyRuns() {
    LostRunDetector detector =
        new LostRunDetector(
            store,
            new LostRunSettings(Duration.ofSeconds(10), Duration.ofSeconds(1), 7),
            clock,
            registry,
            reported::add);
    for (int i = 0; i < 30; i++) {
      store.append(List.of(started(run(i % 2 == 0 ? "acme" : "globex", "r" + i), T0)));
    }
    clock.advance(Duration.ofMinutes(1));

    assertThat(detector.sweep()).hasSize(30);
    assertThat(reported).hasSize(30);
  }
}
