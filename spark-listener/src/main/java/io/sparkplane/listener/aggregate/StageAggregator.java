package io.sparkplane.listener.aggregate;

import io.sparkplane.wire.Quantiles;
import io.sparkplane.wire.StageSummary;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.scheduler.TaskInfo;

/**
 * One stage attempt while it runs: totals over all its tasks, a sketch of every task attempt's
 * duration and sketches of the successful tasks'
 * distributions (as in Spark's task summary), in memory independent of the task count.
 */
final class StageAggregator {

  private final int stageId;
  private final int attempt;
  private final String name;
  private final int numTasks;
  private final Long submissionTimeMs;
  private final MetricAccumulator totals = new MetricAccumulator();
  private final TaskSketch taskDurationMs = new TaskSketch();
  private final TaskSketch shuffleReadBytes = new TaskSketch();
  private final TaskSketch shuffleReadRecords = new TaskSketch();
  private final TaskSketch inputBytes = new TaskSketch();
  private final TaskSketch inputRecords = new TaskSketch();

  StageAggregator(int stageId, int attempt, String name, int numTasks, Long submissionTimeMs) {
    this.stageId = stageId;
    this.attempt = attempt;
    this.name = Text.truncate(name, Text.MAX_SHORT);
    this.numTasks = numTasks;
    this.submissionTimeMs = submissionTimeMs;
  }

  static StageAggregator of(StageInfo info) {
    return new StageAggregator(
        info.stageId(),
        info.attemptNumber(),
        info.name(),
        info.numTasks(),
        ScalaInterop.longOrNull(info.submissionTime()));
  }

  long estimatedBytes() {
    return RetainedSize.STAGE_AGGREGATOR_BASE
        + 2L * (name == null ? 0 : name.length())
        + taskDurationMs.estimatedBytes()
        + shuffleReadBytes.estimatedBytes()
        + shuffleReadRecords.estimatedBytes()
        + inputBytes.estimatedBytes()
        + inputRecords.estimatedBytes();
  }

  int stageId() {
    return stageId;
  }

  void addTask(TaskOutcome outcome, TaskInfo info, TaskMetrics m) {
    totals.addTask(outcome, m);
    // Every attempt's duration counts: a straggler killed when its job was cancelled (an engine's
    // time budget) is exactly the skew evidence triage needs. Data volumes count for successful
    // attempts only, as in Spark's task summary.
    if (info != null && info.finishTime() > 0) {
      taskDurationMs.add(info.finishTime() - info.launchTime());
    }
    if (outcome == TaskOutcome.SUCCEEDED && m != null) {
      shuffleReadBytes.add(m.shuffleReadMetrics().totalBytesRead());
      shuffleReadRecords.add(m.shuffleReadMetrics().recordsRead());
      inputBytes.add(m.inputMetrics().bytesRead());
      inputRecords.add(m.inputMetrics().recordsRead());
    }
  }

  /** The bounded summary; {@code info} is the completed stage, or {@code null} if still active. */
  StageSummary summarize(StageInfo info, long nowMs) {
    if (info == null) {
      return summarize(null, null, false, nowMs);
    }
    return summarize(
        ScalaInterop.longOrNull(info.completionTime()),
        ScalaInterop.stringOrNull(info.failureReason()),
        true,
        nowMs);
  }

  /** The bounded summary of a stage that completed ({@code ended}) at {@code completion}, or not. */
  StageSummary summarize(Long completion, String failure, boolean ended, long nowMs) {
    String status = !ended ? "ACTIVE" : failure != null ? "FAILED" : "COMPLETE";
    long end = completion != null ? completion : nowMs;
    long duration = submissionTimeMs == null ? 0 : Math.max(0, end - submissionTimeMs);
    Quantiles durations = taskDurationMs.quantiles();
    Quantiles shuffleRecords = shuffleReadRecords.quantiles();
    Quantiles inputRecordCounts = inputRecords.quantiles();
    Quantiles recordsRead = shuffleRecords.max() > 0 ? shuffleRecords : inputRecordCounts;
    return new StageSummary(
        stageId,
        attempt,
        name,
        numTasks,
        status,
        submissionTimeMs,
        completion,
        duration,
        Text.truncate(failure, Text.MAX_MESSAGE),
        totals.snapshot(),
        durations,
        shuffleReadBytes.quantiles(),
        shuffleRecords,
        inputBytes.quantiles(),
        inputRecordCounts,
        recordsRead.maxToMedian(),
        durations.maxToMedian());
  }
}
