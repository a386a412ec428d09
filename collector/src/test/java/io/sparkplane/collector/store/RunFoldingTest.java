package io.sparkplane.collector.store;

import static io.sparkplane.collector.TestEvents.finished;
import static io.sparkplane.collector.TestEvents.heartbeat;
import static io.sparkplane.collector.TestEvents.run;
import static io.sparkplane.collector.TestEvents.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.wire.RunIdentity;
import io.sparkplane.wire.RunStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RunFoldingTest {

  private static final long T0 = 1_750_000_000_000L;
  private final RunIdentity id = run("acme", "run-1");

  @Test
  @DisplayName("Until RUN_STARTED arrives, the submit time is the earliest heartbeat time")
  void heartbeatOnlySubmitTimeIsEarliestHeartbeat() {
    StoredRun run = RunFolding.apply(null, heartbeat(id, T0 + 20_000, 2));
    run = RunFolding.apply(run, heartbeat(id, T0 + 10_000, 1));

    assertThat(run.submitTimeMs()).isEqualTo(T0 + 10_000);
    assertThat(run.lastHeartbeatMs()).isEqualTo(T0 + 20_000);

    run = RunFolding.apply(run, started(id, T0));
    run = RunFolding.apply(run, heartbeat(id, T0 - 5_000, 0));

    assertThat(run.submitTimeMs()).as("RUN_STARTED's submit time is kept").isEqualTo(T0);
  }

  @Test
  @DisplayName("RUN_FINISHED alone creates a finished run with the summary's times")
  void finishedFirst() {
    StoredRun run = RunFolding.apply(null, finished(id, T0, RunStatus.CANCELLED));

    assertThat(run.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(run.submitTimeMs()).isEqualTo(T0);
    assertThat(run.startTimeMs()).isEqualTo(T0 + 100);
    assertThat(run.endTimeMs()).isEqualTo(T0 + 60_000);
    assertThat(run.resources()).isNotNull();
    assertThat(run.isFinished()).isTrue();
  }

  @Test
  @DisplayName("A late RUN_STARTED never moves a finished run back to RUNNING")
  void lateStarted() {
    StoredRun run = RunFolding.apply(null, finished(id, T0, RunStatus.FAILED));
    run = RunFolding.apply(run, started(id, T0));

    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.eventCount()).isEqualTo(2);
  }

  @Test
  @DisplayName("A LOST run without a summary is not revived by RUN_STARTED but is finished by RUN_FINISHED")
  void lostRun() {
    StoredRun lost =
        new StoredRun(id, RunStatus.LOST, T0, T0, null, T0, null, null, null, 3);

    assertThat(RunFolding.apply(lost, started(id, T0)).status()).isEqualTo(RunStatus.LOST);
    assertThat(RunFolding.apply(lost, heartbeat(id, T0 + 1, 1)).status()).isEqualTo(RunStatus.LOST);
    assertThat(RunFolding.apply(lost, finished(id, T0, RunStatus.SUCCEEDED)).status())
        .isEqualTo(RunStatus.SUCCEEDED);
  }

  @Test
  @DisplayName("Folding an event of another run is refused")
  void otherRun() {
    StoredRun run = RunFolding.apply(null, started(id, T0));

    assertThatThrownBy(() -> RunFolding.apply(run, started(run("globex", "run-1"), T0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("globex/run-1");
  }
}
