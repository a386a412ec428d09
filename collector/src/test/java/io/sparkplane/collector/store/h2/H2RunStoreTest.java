package io.sparkplane.collector.store.h2;

import static io.sparkplane.collector.TestEvents.finished;
import static io.sparkplane.collector.TestEvents.run;
import static io.sparkplane.collector.TestEvents.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkplane.collector.store.AbstractRunStoreContractTest;
import io.sparkplane.collector.store.AppendOutcome;
import io.sparkplane.collector.store.ReceivedEvents;
import io.sparkplane.collector.store.RunStore;
import io.sparkplane.collector.store.StoreException;
import io.sparkplane.wire.Failure;
import io.sparkplane.wire.RunStatus;
import io.sparkplane.wire.RunSummary;
import io.sparkplane.wire.TelemetryJson;
import io.sparkplane.wire.TelemetryEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import java.util.SplittableRandom;
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

  @Test
  @DisplayName("An event's row keeps the JSON the request carried, unknown fields included, deflated in the row rather than as a CLOB")
  void keepsReceivedJson() throws Exception {
    TelemetryEvent finish = finished(run("acme", "run-1"), T0, RunStatus.SUCCEEDED);
    ObjectNode tree = TelemetryJson.mapper().valueToTree(finish);
    tree.put("addedByANewerListener", "kept");
    byte[] received = ("  " + TelemetryJson.toJson(tree) + "\n").strip().getBytes(StandardCharsets.UTF_8);

    store.append(ReceivedEvents.of(List.of(finish), List.of(received)));

    assertThat(store.findRun("acme", "run-1").orElseThrow().summary()).isEqualTo(finish.summary());
    store.close();
    try (Connection db = DriverManager.getConnection(url(), "sa", "");
        Statement sql = db.createStatement();
        ResultSet rs = sql.executeQuery("SELECT body, body_deflated FROM events")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isNull();
      byte[] stored = rs.getBytes(2);
      assertThat(stored.length).isLessThan(received.length);
      assertThat(EventBodies.inflate(stored)).isEqualTo(received);
    }
    store = H2RunStore.open(dataDir, CLOCK);
  }

  @Test
  @DisplayName("The open store has H2 drop the large objects its queries returned after RESULT_LOB_TIMEOUT_MILLIS, not H2's default 5 minutes (held tens of thousands of them on the heap under sustained reads)")
  void shortLobTimeout() throws Exception {
    // a second connection joins the open database and sees the settings it was opened with
    try (Connection db = DriverManager.getConnection(url(), "sa", "");
        Statement sql = db.createStatement();
        ResultSet rs =
            sql.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'LOB_TIMEOUT'")) {
      assertThat(rs.next()).isTrue();
      assertThat(Integer.parseInt(rs.getString(1))).isEqualTo(H2RunStore.RESULT_LOB_TIMEOUT_MILLIS).isLessThan(300_000);
    }
  }

  @Test
  @DisplayName("Rows written before event bodies were deflated (JSON text in a CLOB column that was NOT NULL) read back, and new appends join them")
  void readsRowsOfEarlierVersions() throws Exception {
    store.close();
    deleteDatabase();
    TelemetryEvent finish = finished(run("acme", "old-run"), T0, RunStatus.FAILED);
    try (Connection db = DriverManager.getConnection(url(), "sa", "");
        Statement sql = db.createStatement()) {
      // the tables as the version before 'body_deflated' created them
      sql.execute(
          "CREATE TABLE events (event_id VARCHAR(128) PRIMARY KEY, tenant VARCHAR(128) NOT NULL,"
              + " run_id VARCHAR(256) NOT NULL, type VARCHAR(16) NOT NULL, time_ms BIGINT NOT NULL,"
              + " received_ms BIGINT NOT NULL, body CHARACTER LARGE OBJECT NOT NULL)");
      sql.execute(
          "CREATE TABLE runs (tenant VARCHAR(128) NOT NULL, run_id VARCHAR(256) NOT NULL, region VARCHAR(128),"
              + " workload VARCHAR(256), status VARCHAR(16) NOT NULL, submit_time_ms BIGINT NOT NULL,"
              + " start_time_ms BIGINT, end_time_ms BIGINT, last_heartbeat_ms BIGINT, event_count BIGINT NOT NULL,"
              + " updated_ms BIGINT NOT NULL, identity_json CHARACTER LARGE OBJECT NOT NULL,"
              + " resources_json CHARACTER LARGE OBJECT, heartbeat_json CHARACTER LARGE OBJECT,"
              + " summary_json CHARACTER LARGE OBJECT, summary_event_id VARCHAR(128), PRIMARY KEY (tenant, run_id))");
      try (PreparedStatement event = db.prepareStatement("INSERT INTO events VALUES (?, 'acme', 'old-run', 'RUN_FINISHED', ?, ?, ?)");
          PreparedStatement runRow =
              db.prepareStatement(
                  "INSERT INTO runs VALUES ('acme', 'old-run', 'eu-west-1', 'nightly-etl', 'FAILED', ?, NULL, NULL, NULL, 1, ?, ?,"
                      + " NULL, NULL, NULL, ?)")) {
        event.setString(1, finish.eventId());
        event.setLong(2, finish.timeMs());
        event.setLong(3, T0);
        event.setString(4, TelemetryJson.toJson(finish));
        event.executeUpdate();
        runRow.setLong(1, T0);
        runRow.setLong(2, T0);
        runRow.setString(3, TelemetryJson.toJson(finish.run()));
        runRow.setString(4, finish.eventId());
        runRow.executeUpdate();
      }
    }

    store = H2RunStore.open(dataDir, CLOCK);
    assertThat(store.findRun("acme", "old-run").orElseThrow().summary()).isEqualTo(finish.summary());
    assertThat(store.append(List.of(finish)).outcomes()).containsExactly(AppendOutcome.DUPLICATE);
    TelemetryEvent fresh = finished(run("acme", "new-run"), T0 + 1, RunStatus.SUCCEEDED);
    assertThat(store.append(List.of(started(run("acme", "new-run"), T0 + 1), fresh)).accepted()).isEqualTo(2);
    assertThat(store.findRun("acme", "new-run").orElseThrow().summary()).isEqualTo(fresh.summary());
    assertThat(store.findRun("acme", "old-run").orElseThrow().summary()).isEqualTo(finish.summary());
  }

  @Test
  @DisplayName("An event of several MiB that hardly compresses is stored in its row and its summary reads back")
  void largeIncompressibleEvent() {
    SplittableRandom random = new SplittableRandom(42);
    StringBuilder message = new StringBuilder(3 << 20);
    while (message.length() < 3 << 20) {
      message.append((char) ('!' + random.nextInt(90)));
    }
    RunSummary base = finished(run("acme", "big"), T0, RunStatus.FAILED).summary();
    Failure failure = new Failure("java.lang.IllegalStateException", message.toString(), List.of(), null, null, List.of(), List.of(), 0);
    RunSummary summary =
        new RunSummary(base.status(), base.timing(), failure, base.resources(), base.totals(), base.progress(), base.stages(),
            base.foldedStages(), base.foldedStageTotals(), base.joins(), base.listener(), base.listenerCost(), base.traceparent());

    store.append(List.of(TelemetryEvent.finished(run("acme", "big"), T0 + 1, summary)));

    assertThat(store.findRun("acme", "big").orElseThrow().summary()).isEqualTo(summary);
  }

  private String url() {
    return "jdbc:h2:file:" + dataDir.resolve(H2RunStore.DATABASE_NAME);
  }

  private void deleteDatabase() throws Exception {
    try (var files = Files.list(dataDir)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
  }
}
