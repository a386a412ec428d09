package io.sparkplane.collector.store.h2;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.sparkplane.collector.store.StoreException;
import io.sparkplane.collector.store.StoredRun;
import io.sparkplane.wire.Heartbeat;
import io.sparkplane.wire.ResourceConf;
import io.sparkplane.wire.RunIdentity;
import io.sparkplane.wire.RunStatus;
import io.sparkplane.wire.RunSummary;
import io.sparkplane.wire.TelemetryJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import org.jspecify.annotations.Nullable;

/** Maps {@link StoredRun} to and from rows of the {@code runs} table. */
final class RunRows {

  /** Columns {@link #read} expects, in a form to paste into a SELECT. */
  static final String COLUMNS =
      "tenant, run_id, status, submit_time_ms, start_time_ms, end_time_ms, last_heartbeat_ms,"
          + " event_count, identity_json, resources_json, heartbeat_json, summary_json";

  private static final String MERGE =
      "MERGE INTO runs (tenant, run_id, region, workload, status, submit_time_ms, start_time_ms,"
          + " end_time_ms, last_heartbeat_ms, event_count, updated_ms, identity_json,"
          + " resources_json, heartbeat_json, summary_json)"
          + " KEY (tenant, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private RunRows() {}

  static StoredRun read(ResultSet rs) throws SQLException {
    return new StoredRun(
        fromJson(rs.getString("identity_json"), RunIdentity.class),
        RunStatus.valueOf(rs.getString("status")),
        rs.getLong("submit_time_ms"),
        rs.getObject("start_time_ms", Long.class),
        rs.getObject("end_time_ms", Long.class),
        rs.getObject("last_heartbeat_ms", Long.class),
        fromJson(rs.getString("heartbeat_json"), Heartbeat.class),
        fromJson(rs.getString("summary_json"), RunSummary.class),
        fromJson(rs.getString("resources_json"), ResourceConf.class),
        rs.getLong("event_count"));
  }

  /** Inserts the run or replaces the row with the same tenant and run id. */
  static void upsert(Connection connection, StoredRun run, long nowMs) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(MERGE)) {
      int i = 0;
      ps.setString(++i, run.tenant());
      ps.setString(++i, run.runId());
      ps.setString(++i, run.identity().region());
      ps.setString(++i, run.identity().workload());
      ps.setString(++i, run.status().name());
      ps.setLong(++i, run.submitTimeMs());
      setNullableLong(ps, ++i, run.startTimeMs());
      setNullableLong(ps, ++i, run.endTimeMs());
      setNullableLong(ps, ++i, run.lastHeartbeatMs());
      ps.setLong(++i, run.eventCount());
      ps.setLong(++i, nowMs);
      ps.setString(++i, TelemetryJson.toJson(run.identity()));
      ps.setString(++i, toJsonOrNull(run.resources()));
      ps.setString(++i, toJsonOrNull(run.lastHeartbeat()));
      ps.setString(++i, toJsonOrNull(run.summary()));
      ps.executeUpdate();
    }
  }

  private static void setNullableLong(PreparedStatement ps, int index, @Nullable Long value)
      throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, value);
    }
  }

  private static @Nullable String toJsonOrNull(@Nullable Object value) {
    return value == null ? null : TelemetryJson.toJson(value);
  }

  private static <T> @Nullable T fromJson(@Nullable String json, Class<T> type) {
    if (json == null) {
      return null;
    }
    try {
      return TelemetryJson.mapper().readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new StoreException("stored " + type.getSimpleName() + " is not readable", e);
    }
  }
}
