package io.sparkplane.collector.store.h2;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The tables of {@link H2RunStore}; created if missing, so opening an existing data directory keeps
 * its data.
 */
final class H2Schema {

  /**
   * Largest LOB (in bytes) H2 keeps in its row rather than in its LOB storage, where each value costs
   * several map writes and a later clean-up. Covers the runs' identity, resources and heartbeat JSON
   * (H2's default of 256 bytes sent a run's resources there on every upsert) and most attachments.
   * Persistent in the database; rows written before keep their LOBs where they are.
   */
  static final int INPLACE_LOB_BYTES = 4096;

  private static final List<String> DDL =
      List.of(
          // Raw events, one row per distinct event id: the primary key is what makes ingest
          // idempotent, and the JSON lets a later version re-fold runs.
          """
          CREATE TABLE IF NOT EXISTS events (
            event_id VARCHAR(128) PRIMARY KEY,
            tenant VARCHAR(128) NOT NULL,
            run_id VARCHAR(256) NOT NULL,
            type VARCHAR(16) NOT NULL,
            time_ms BIGINT NOT NULL,
            received_ms BIGINT NOT NULL,
            body CHARACTER LARGE OBJECT NOT NULL
          )""",
          "CREATE INDEX IF NOT EXISTS events_run ON events (tenant, run_id)",
          // The JSON as received, deflated (EventBodies), in the row instead of a CLOB in H2's LOB
          // storage; rows of earlier versions keep theirs in body.
          "ALTER TABLE events ADD COLUMN IF NOT EXISTS body_deflated VARBINARY",
          "ALTER TABLE events ALTER COLUMN body SET NULL",
          // Runs as folded by RunFolding: filter columns are plain and indexed, the rest is JSON.
          """
          CREATE TABLE IF NOT EXISTS runs (
            tenant VARCHAR(128) NOT NULL,
            run_id VARCHAR(256) NOT NULL,
            region VARCHAR(128),
            workload VARCHAR(256),
            status VARCHAR(16) NOT NULL,
            submit_time_ms BIGINT NOT NULL,
            start_time_ms BIGINT,
            end_time_ms BIGINT,
            last_heartbeat_ms BIGINT,
            event_count BIGINT NOT NULL,
            updated_ms BIGINT NOT NULL,
            identity_json CHARACTER LARGE OBJECT NOT NULL,
            resources_json CHARACTER LARGE OBJECT,
            heartbeat_json CHARACTER LARGE OBJECT,
            summary_json CHARACTER LARGE OBJECT,
            PRIMARY KEY (tenant, run_id)
          )""",
          // The summary is stored once: a run finished by a RUN_FINISHED event points at that
          // event's row (whose body carries the summary) instead of a copy in summary_json.
          "ALTER TABLE runs ADD COLUMN IF NOT EXISTS summary_event_id VARCHAR(128)",
          "CREATE INDEX IF NOT EXISTS runs_order ON runs (submit_time_ms DESC, run_id DESC, tenant DESC)",
          "CREATE INDEX IF NOT EXISTS runs_tenant ON runs (tenant, submit_time_ms DESC)",
          "CREATE INDEX IF NOT EXISTS runs_workload ON runs (workload, submit_time_ms DESC)",
          "CREATE INDEX IF NOT EXISTS runs_status ON runs (status, submit_time_ms DESC)",
          // finds RUNNING runs that went silent (RunStore.markLost)
          "CREATE INDEX IF NOT EXISTS runs_silent ON runs (status, updated_ms)",
          // Documents other parts attach to a run (triage verdict, retries, estimates), by name.
          """
          CREATE TABLE IF NOT EXISTS run_attachments (
            tenant VARCHAR(128) NOT NULL,
            run_id VARCHAR(256) NOT NULL,
            name VARCHAR(64) NOT NULL,
            updated_ms BIGINT NOT NULL,
            body CHARACTER LARGE OBJECT NOT NULL,
            PRIMARY KEY (tenant, run_id, name)
          )""");

  private H2Schema() {}

  static void create(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String ddl : DDL) {
        statement.execute(ddl);
      }
      statement.execute("SET MAX_LENGTH_INPLACE_LOB " + INPLACE_LOB_BYTES);
    }
  }
}
