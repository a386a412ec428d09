package io.sparkplane.wire;

/**
 * One stage attempt of a run, bounded in size whatever its task count.
 *
 * @param status {@code COMPLETE}, {@code FAILED} or {@code ACTIVE} (still running when the run ended)
 * @param failureReason Spark's failure reason for a failed stage, truncated; optional
 * @param skewRatio data skew: records read per task (shuffle-read records when the stage reads a
 *     shuffle, else input records), max / median over successful tasks
 * @param durationSkewRatio task duration max / median over successful tasks
 */
public record StageSummary(
    int stageId,
    int attempt,
    String name,
    int numTasks,
    String status,
    Long submissionTimeMs,
    Long completionTimeMs,
    long durationMs,
    String failureReason,
    MetricTotals totals,
    Quantiles taskDurationMs,
    Quantiles shuffleReadBytes,
    Quantiles shuffleReadRecords,
    Quantiles inputBytes,
    Quantiles inputRecords,
    double skewRatio,
    double durationSkewRatio) {

  /** Cost used to decide which stages a capped summary keeps. */
  public long cost() {
    return totals.executorRunTimeMs();
  }
}
