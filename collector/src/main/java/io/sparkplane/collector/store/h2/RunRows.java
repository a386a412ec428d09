package io.sparkplane.collector.store.h2;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.collector.store.StoreException;
import io.sparkplane.collector.store.StoredRun;
import io.sparkplane.wire.Heartbeat;
import io.sparkplane.wire.ResourceConf;
import io.sparkplane.wire.RunIdentity;
import io.sparkplane.wire.RunStatus;
import io.sparkplane.wire.RunSummary;
import io.sparkplane.wire.TelemetryJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import org.jspecify.annotations.Nullable;

/** Maps {@link StoredRun} to and from rows of the {@code runs} table. */
final class RunRows {

  /**
   * Columns {@link #read} expects, in a form to paste into a SELECT {@code FROM runs} (unaliased:
   * the summary's event body is a subquery on {@code runs.summary_event_id}).
   */
  static final String COLUMNS =
      "tenant, run_id, status, submit_time_ms, start_time_ms, end_time_ms, last_heartbeat_ms,"
          + " event_count, identity_json, resources_json, heartbeat_json, summary_json,"
          + " (SELECT e.body_deflated FROM events e WHERE e.event_id = runs.summary_event_id)"
          + " AS summary_event_deflated,"
          + " (SELECT e.body FROM events e WHERE e.event_id = runs.summary_event_id) AS summary_event_body";

  private static final String MERGE_COLUMNS =
      "tenant, run_id, region, workload, status, submit_time_ms, start_time_ms,"
          + " end_time_ms, last_heartbeat_ms, event_count, updated_ms, identity_json,"
          + " resources_json, heartbeat_json";

  /** Leaves the summary columns of an existing row as they are (a new row gets none). */
  private static final String MERGE_KEEPING_SUMMARY =
      "MERGE INTO runs (" + MERGE_COLUMNS + ")"
          + " KEY (tenant, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private static final String MERGE_WITH_SUMMARY =
      "MERGE INTO runs (" + MERGE_COLUMNS + ", summary_json, summary_event_id)"
          + " KEY (tenant, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /**
   * Where an upsert puts the run's summary. The summary is stored once: when it came from a {@code
   * RUN_FINISHED} event, the run row points at that event's row, whose body holds it.
   */
  sealed interface SummaryWrite {
    /** The summary did not change since the row was read (or there is none). */
    record Keep() implements SummaryWrite {}

    /** The summary is the one in the body of this event's row. */
    record InEvent(String eventId) implements SummaryWrite {}

    /** The summary is stored in the run row itself. */
    record Inline(RunSummary summary) implements SummaryWrite {}
  }

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
        summary(rs.getString("summary_json"), summaryEventJson(rs)),
        fromJson(rs.getString("resources_json"), ResourceConf.class),
        rs.getLong("event_count"));
  }

  /**
   * Inserts the run or replaces the row with the same tenant and run id; the summary goes where
   * {@code summary} says.
   */
  static void upsert(WriteSession session, StoredRun run, SummaryWrite summary, long nowMs)
      throws SQLException {
    boolean withSummary = !(summary instanceof SummaryWrite.Keep);
    PreparedStatement ps = session.statement(withSummary ? MERGE_WITH_SUMMARY : MERGE_KEEPING_SUMMARY);
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
    ps.setString(++i, StoredJson.write(run.identity()));
    ps.setString(++i, toJsonOrNull(run.resources()));
    ps.setString(++i, toJsonOrNull(run.lastHeartbeat()));
    if (summary instanceof SummaryWrite.InEvent inEvent) {
      ps.setString(++i, null);
      ps.setString(++i, inEvent.eventId());
    } else if (summary instanceof SummaryWrite.Inline inline) {
      ps.setString(++i, StoredJson.write(inline.summary()));
      ps.setString(++i, null);
    }
    ps.executeUpdate();
  }

  /** The JSON of the run's summary event, if the row points at one: deflated, or text (earlier versions). */
  private static byte @Nullable [] summaryEventJson(ResultSet rs) throws SQLException {
    byte[] deflated = rs.getBytes("summary_event_deflated");
    if (deflated != null) {
      return EventBodies.inflate(deflated);
    }
    String text = rs.getString("summary_event_body");
    return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
  }

  /** The run's summary: from its own column (rows written by earlier versions, or a summary no event carries) or its event's body. */
  private static @Nullable RunSummary summary(@Nullable String inline, byte @Nullable [] eventBody) {
    if (inline != null) {
      return fromJson(inline, RunSummary.class);
    }
    if (eventBody == null) {
      return null;
    }
    try {
      JsonNode summary = TelemetryJson.mapper().readTree(eventBody).get("summary");
      if (summary == null || summary.isNull()) {
        throw new StoreException("stored RUN_FINISHED event has no summary");
      }
      return TelemetryJson.mapper().treeToValue(summary, RunSummary.class);
    } catch (IOException e) {
      throw new StoreException("stored RunSummary is not readable", e);
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
    return value == null ? null : StoredJson.write(value);
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
