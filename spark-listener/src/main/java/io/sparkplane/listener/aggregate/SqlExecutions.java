package io.sparkplane.listener.aggregate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Active SQL executions: when each started, which run its jobs belong to, and the join operators its
 * plan announced before that run was known. Entries leave at execution end.
 */
final class SqlExecutions {

  static final int MAX_TRACKED = 10_000;

  private final Map<Long, Long> startTimes = new HashMap<>();
  private final Map<Long, RunAggregator> runs = new HashMap<>();
  private final Map<Long, List<JoinOperator>> pendingJoins = new HashMap<>();

  /** A join operator of a plan, with the accumulator of its output rows. */
  record JoinOperator(String operator, String condition, long accumulatorId) {}

  void started(long executionId, long timeMs) {
    if (startTimes.size() < MAX_TRACKED) {
      startTimes.put(executionId, timeMs);
    }
  }

  void joinFound(long executionId, JoinOperator join) {
    RunAggregator run = runs.get(executionId);
    if (run != null) {
      run.joins().watch(executionId, join.operator(), join.condition(), join.accumulatorId());
      return;
    }
    List<JoinOperator> pending = pendingJoins.get(executionId);
    if (pending == null && pendingJoins.size() < MAX_TRACKED) {
      pending = new ArrayList<>();
      pendingJoins.put(executionId, pending);
    }
    if (pending != null && pending.size() < JoinTracker.MAX_WATCHED) {
      pending.add(join);
    }
  }

  /**
   * Notes a job of an execution; returns the planning time (execution start to this job's start)
   * when this is the execution's first job, else null.
   */
  Long firstJobStarted(long executionId, RunAggregator run, long jobStartMs) {
    if (runs.putIfAbsent(executionId, run) != null) {
      return null;
    }
    run.sqlExecutionStarted();
    List<JoinOperator> pending = pendingJoins.remove(executionId);
    if (pending != null) {
      for (JoinOperator j : pending) {
        run.joins().watch(executionId, j.operator(), j.condition(), j.accumulatorId());
      }
    }
    Long started = startTimes.get(executionId);
    return started == null ? null : jobStartMs - started;
  }

  void ended(long executionId, long timeMs) {
    startTimes.remove(executionId);
    RunAggregator run = runs.remove(executionId);
    if (run != null) {
      run.sqlExecutionEnded(timeMs);
    }
    pendingJoins.remove(executionId);
  }

  void forget(RunAggregator run) {
    runs.values().removeIf(r -> r == run);
  }
}
