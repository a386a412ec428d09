package io.sparkplane.collector.store.h2;

import io.sparkplane.collector.store.RunCursor;
import io.sparkplane.collector.store.RunQuery;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The SELECT for one {@link RunQuery}: filters, keyset paging after the cursor, and one row more
 * than the limit so the caller can tell whether a next page exists.
 */
record RunListingSql(String sql, List<Object> parameters) {

  RunListingSql {
    parameters = List.copyOf(parameters);
  }

  static RunListingSql of(RunQuery query) {
    List<String> where = new ArrayList<>();
    List<Object> params = new ArrayList<>();
    if (query.tenant() != null) {
      where.add("tenant = ?");
      params.add(query.tenant());
    }
    if (query.workload() != null) {
      where.add("workload = ?");
      params.add(query.workload());
    }
    if (query.status() != null) {
      where.add("status = ?");
      params.add(query.status().name());
    }
    if (query.from() != null) {
      where.add("submit_time_ms >= ?");
      params.add(query.from().toEpochMilli());
    }
    if (query.to() != null) {
      where.add("submit_time_ms < ?");
      params.add(query.to().toEpochMilli());
    }
    RunCursor cursor = query.cursor();
    if (cursor != null) {
      // strictly after the cursor in (submit_time_ms, run_id, tenant) descending order
      where.add(
          "(submit_time_ms < ? OR (submit_time_ms = ? AND run_id < ?)"
              + " OR (submit_time_ms = ? AND run_id = ? AND tenant < ?))");
      params.addAll(
          List.of(
              cursor.submitTimeMs(),
              cursor.submitTimeMs(),
              cursor.runId(),
              cursor.submitTimeMs(),
              cursor.runId(),
              cursor.tenant()));
    }
    StringBuilder sql = new StringBuilder("SELECT ").append(RunRows.COLUMNS).append(" FROM runs");
    if (!where.isEmpty()) {
      sql.append(" WHERE ").append(String.join(" AND ", where));
    }
    sql.append(" ORDER BY submit_time_ms DESC, run_id DESC, tenant DESC LIMIT ?");
    params.add(query.limit() + 1);
    return new RunListingSql(sql.toString(), params);
  }

  void bind(PreparedStatement ps) throws SQLException {
    for (int i = 0; i < parameters.size(); i++) {
      ps.setObject(i + 1, parameters.get(i));
    }
  }
}
