package io.sparkplane.listener.aggregate;

import io.sparkplane.wire.JoinSummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Join operators of a run's SQL plans and the rows they produced. Plans register the "number of
 * output rows" accumulator of each join; completed stages report those accumulators' totals. Bounded
 * to {@link #MAX_WATCHED} operators per run.
 */
final class JoinTracker {

  static final int MAX_WATCHED = 200;
  static final int MAX_REPORTED = 50;
  static final String OUTPUT_ROWS_METRIC = "number of output rows";

  private final Map<Long, JoinState> byAccumulator = new HashMap<>();

  /** Registers a join operator found in a plan (the same accumulator may be registered again). */
  void watch(long sqlExecutionId, String operator, String condition, long accumulatorId) {
    if (byAccumulator.size() >= MAX_WATCHED || byAccumulator.containsKey(accumulatorId)) {
      return;
    }
    byAccumulator.put(
        accumulatorId,
        new JoinState(sqlExecutionId, operator, Text.truncate(condition, Text.MAX_SHORT)));
  }

  long estimatedBytes() {
    long bytes = 0;
    for (JoinState j : byAccumulator.values()) {
      bytes += RetainedSize.JOIN_BASE + 2L * (j.operator.length() + (j.condition == null ? 0 : j.condition.length()));
    }
    return bytes;
  }

  boolean isEmpty() {
    return byAccumulator.isEmpty();
  }

  /** A completed stage's total for an accumulator; ignored unless it belongs to a watched join. */
  void stageValue(long accumulatorId, long value, int stageId, long stageInputRows) {
    JoinState join = byAccumulator.get(accumulatorId);
    if (join == null) {
      return;
    }
    join.outputRows += value;
    join.stageId = stageId;
    join.stageInputRows += stageInputRows;
    join.seen = true;
  }

  /** Joins that ran (an adaptive plan may register operators that never executed). */
  List<JoinSummary> summaries() {
    List<JoinSummary> out = new ArrayList<>();
    for (JoinState j : byAccumulator.values()) {
      if (j.seen) {
        double ratio = j.stageInputRows > 0 ? (double) j.outputRows / j.stageInputRows : 0;
        out.add(
            new JoinSummary(
                j.sqlExecutionId,
                j.operator,
                j.condition,
                j.outputRows,
                j.stageId,
                j.stageInputRows,
                ratio));
      }
    }
    out.sort(Comparator.comparingLong(JoinSummary::outputRows).reversed());
    return out.size() > MAX_REPORTED ? List.copyOf(out.subList(0, MAX_REPORTED)) : out;
  }

  private static final class JoinState {
    final long sqlExecutionId;
    final String operator;
    final String condition;
    long outputRows;
    Integer stageId;
    long stageInputRows;
    boolean seen;

    JoinState(long sqlExecutionId, String operator, String condition) {
      this.sqlExecutionId = sqlExecutionId;
      this.operator = operator;
      this.condition = condition;
    }
  }
}
