package io.sparkplane.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkplane.collector.store.StoredRun;
import io.sparkplane.wire.RunIdentity;
import io.sparkplane.wire.RunStatus;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AttemptsTest {

  private static StoredRun run(String id, int attempt, long submit) {
    RunIdentity identity = new RunIdentity(id, "acme", "eu", "segments", attempt, "app-" + id, null, null);
    return new StoredRun(identity, RunStatus.SUCCEEDED, submit, null, null, null, null, null, null, 1);
  }

  @Test
  @DisplayName("a run's attempts are the retries after its attempt 1, up to the workload's next attempt 1")
  void chains() {
    StoredRun monday = run("mon", 1, 100);
    StoredRun mondayRetry = run("mon-r2", 2, 200);
    StoredRun mondayRetry3 = run("mon-r3", 3, 300);
    StoredRun tuesday = run("tue", 1, 400);
    StoredRun tuesdayRetry = run("tue-r2", 2, 500);
    List<StoredRun> all = List.of(tuesdayRetry, tuesday, mondayRetry3, mondayRetry, monday);

    assertThat(Attempts.chainOf(mondayRetry, all)).extracting(StoredRun::runId).containsExactly("mon", "mon-r2", "mon-r3");
    assertThat(Attempts.chainOf(monday, all)).extracting(StoredRun::runId).containsExactly("mon", "mon-r2", "mon-r3");
    assertThat(Attempts.chainOf(tuesday, all)).extracting(StoredRun::runId).containsExactly("tue", "tue-r2");
    assertThat(Attempts.chainOf(run("alone", 1, 50), List.of())).extracting(StoredRun::runId).containsExactly("alone");
  }
}
