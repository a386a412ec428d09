package io.sparkplane.wire;

/**
 * Sums of task metrics over a set of tasks (a stage or a whole run). Like Spark's own stage totals,
 * they include the metrics reported by failed and killed tasks. {@code peakExecutionMemoryBytes} is the
 * largest single task's peak.
 */
public record MetricTotals(
    long tasks,
    long failedTasks,
    long killedTasks,
    long executorRunTimeMs,
    long executorCpuTimeNs,
    long jvmGcTimeMs,
    long inputRecords,
    long inputBytes,
    long outputRecords,
    long outputBytes,
    long shuffleReadRecords,
    long shuffleReadBytes,
    long shuffleWriteRecords,
    long shuffleWriteBytes,
    long memorySpillBytes,
    long diskSpillBytes,
    long peakExecutionMemoryBytes,
    long resultSizeBytes) {

  public static final MetricTotals ZERO =
      new MetricTotals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  /** Field-wise sum; the peak is the larger of the two. */
  public MetricTotals plus(MetricTotals o) {
    return new MetricTotals(
        tasks + o.tasks,
        failedTasks + o.failedTasks,
        killedTasks + o.killedTasks,
        executorRunTimeMs + o.executorRunTimeMs,
        executorCpuTimeNs + o.executorCpuTimeNs,
        jvmGcTimeMs + o.jvmGcTimeMs,
        inputRecords + o.inputRecords,
        inputBytes + o.inputBytes,
        outputRecords + o.outputRecords,
        outputBytes + o.outputBytes,
        shuffleReadRecords + o.shuffleReadRecords,
        shuffleReadBytes + o.shuffleReadBytes,
        shuffleWriteRecords + o.shuffleWriteRecords,
        shuffleWriteBytes + o.shuffleWriteBytes,
        memorySpillBytes + o.memorySpillBytes,
        diskSpillBytes + o.diskSpillBytes,
        Math.max(peakExecutionMemoryBytes, o.peakExecutionMemoryBytes),
        resultSizeBytes + o.resultSizeBytes);
  }
}
