package io.sparkplane.alerting.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkplane.alerting.testing.WireEvents;
import io.sparkplane.collector.store.StoredRun;
import io.sparkplane.wire.RunIdentity;
import io.sparkplane.wire.RunStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A run outcome")
class RunOutcomeTest {

  private static final long NOW = 1_700_000_000_000L;

  @Test
  @DisplayName("of a finished run counts at its summary's end time, with its submit-to-end runtime and SLA deadline")
  void finished() {
    RunIdentity id = WireEvents.run("acme", null, "r1", NOW - 5);
    var summary = WireEvents.finished(id, NOW - 10, RunStatus.FAILED).summary();
    StoredRun run = new StoredRun(id, RunStatus.FAILED, NOW - 60_010, NOW - 59_910, NOW - 10, null, null, summary, null, 2);
    RunOutcome outcome = RunOutcome.of(run, NOW).orElseThrow();
    assertThat(outcome.endTimeMs()).isEqualTo(NOW - 10);
    assertThat(outcome.durationMs()).isEqualTo(60_000);
    assertThat(outcome.region()).isEqualTo("unknown");
    assertThat(outcome.failed()).isTrue();
    assertThat(outcome.missedSla()).isFalse();
  }

  @Test
  @DisplayName("of a run the collector marked LOST (no summary, no end time) counts as a failure when it was found lost")
  void lost() {
    RunIdentity id = WireEvents.run("acme", "eu", "r2", null);
    StoredRun run = new StoredRun(id, RunStatus.LOST, NOW - 600_000, NOW - 599_000, null, NOW - 300_000, null, null, null, 3);
    RunOutcome outcome = RunOutcome.of(run, NOW).orElseThrow();
    assertThat(outcome.endTimeMs()).isEqualTo(NOW);
    assertThat(outcome.failed()).isTrue();
    assertThat(outcome.durationMs()).isNull();
  }

  @Test
  @DisplayName("of a running run is empty")
  void running() {
    RunIdentity id = WireEvents.run("acme", "eu", "r3", null);
    StoredRun run = new StoredRun(id, RunStatus.RUNNING, NOW, null, null, null, null, null, null, 1);
    assertThat(RunOutcome.of(run, NOW)).isEmpty();
  }
}
