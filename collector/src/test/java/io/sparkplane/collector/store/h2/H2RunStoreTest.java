package io.sparkplane.collector.store.h2;

import static io.sparkplane.collector.TestEvents.finished;
import static io.sparkplane.collector.TestEvents.run;
import static io.sparkplane.collector.TestEvents.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.collector.store.AbstractRunStoreContractTest;
import io.sparkplane.collector.store.AppendOutcome;
import io.sparkplane.collector.store.RunStore;
import io.sparkplane.collector.store.StoreException;
import io.sparkplane.wire.RunStatus;
import io.sparkplane.wire.RunSummary;
import io.sparkplane.wire.TelemetryJson;
import io.sparkplane.wire.TelemetryEvent;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("H2RunStore")
class H2RunStoreTest extends AbstractRunStoreContractTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-01T12:00:00Z"), ZoneOffset.UTC);
  private static final long T0 = Instant.parse("2025-06-01T00:00:00Z").toEpochMilli();

  @TempDir Path dataDir;

  @Override
  protected RunStore openEmptyStore() {
    return H2RunStore.open(dataDir, CLOCK);
  }

  @Test
  @DisplayName("Runs and seen event ids survive closing and reopening the data directory")
  void survivesReopen() {
    TelemetryEvent start = started(run("acme", "run-1"), T0);
    store.append(List.of(start, finished(run("acme", "run-1"), T0, RunStatus.SUCCEEDED)));
    store.close();

    try (H2RunStore reopened = H2RunStore.open(dataDir, CLOCK)) {
      assertThat(reopened.findRun("acme", "run-1").orElseThrow().status())
          .isEqualTo(RunStatus.SUCCEEDED);
      assertThat(reopened.append(List.of(start)).outcomes())
          .containsExactly(AppendOutcome.DUPLICATE);
    }
    store = H2RunStore.open(dataDir, CLOCK);
  }

  @Test
  @DisplayName("The database lives in the data directory")
  void databaseFileInDataDir() {
    store.append(List.of(started(run("acme", "run-1"), T0)));

    assertThat(dataDir.resolve(H2RunStore.DATABASE_NAME + ".mv.db")).exists();
  }

  @Test
  @DisplayName("A closed store reports itself unhealthy and refuses work with a StoreException")
  void closedStore() {
    store.close();

    assertThat(store.isHealthy()).isFalse();
    assertThatThrownBy(() -> store.append(List.of(started(run("acme", "run-1"), T0))))
        .isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> store.findRun("acme", "run-1")).isInstanceOf(StoreException.class);
  }

  @Test
  @DisplayName("A second store cannot open a data directory that is in use")
  void exclusiveDataDir() {
    assertThatThrownBy(() -> H2RunStore.open(dataDir, CLOCK)).isInstanceOf(StoreException.class);
  }

  @Test
  @DisplayName("A finished run's summary is stored once, in its RUN_FINISHED event's row; a run row that holds its own summary (earlier layout) still reads back")
  void summaryStoredOnce() throws Exception {
    TelemetryEvent finish = finished(run("acme", "run-1"), T0, RunStatus.SUCCEEDED);
    store.append(List.of(started(run("acme", "run-1"), T0), finish));
    RunSummary summary = store.findRun("acme", "run-1").orElseThrow().summary();
    assertThat(summary).isEqualTo(finish.summary());
    store.close();

    String url = "jdbc:h2:file:" + dataDir.resolve(H2RunStore.DATABASE_NAME);
    try (Connection db = DriverManager.getConnection(url, "sa", "");
        Statement sql = db.createStatement()) {
      try (ResultSet rs = sql.executeQuery("SELECT summary_json, summary_event_id FROM runs")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isNull();
        assertThat(rs.getString(2)).isEqualTo(finish.eventId());
      }
      // the earlier layout: the summary copied into the run row, no event reference
      try (PreparedStatement ps =
          db.prepareStatement("UPDATE runs SET summary_json = ?, summary_event_id = NULL")) {
        ps.setString(1, TelemetryJson.toJson(summary));
        ps.executeUpdate();
      }
    }

    store = H2RunStore.open(dataDir, CLOCK);
    assertThat(store.findRun("acme", "run-1").orElseThrow().summary()).isEqualTo(summary);
    assertThat(store.append(List.of(finished(run("acme", "run-1"), T0 + 1, RunStatus.FAILED))).outcomes())
        .containsExactly(AppendOutcome.ACCEPTED);
    assertThat(store.findRun("acme", "run-1").orElseThrow().summary()).isEqualTo(summary);
  }
}
