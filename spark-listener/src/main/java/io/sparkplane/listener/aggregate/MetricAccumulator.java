package io.sparkplane.listener.aggregate;

import io.sparkplane.wire.MetricTotals;
import org.apache.spark.executor.TaskMetrics;

/** Mutable running sums of task metrics; snapshot to an immutable {@link MetricTotals}. */
final class MetricAccumulator {

  private long tasks;
  private long failedTasks;
  private long killedTasks;
  private long executorRunTimeMs;
  private long executorCpuTimeNs;
  private long jvmGcTimeMs;
  private long inputRecords;
  private long inputBytes;
  private long outputRecords;
  private long outputBytes;
  private long shuffleReadRecords;
  private long shuffleReadBytes;
  private long shuffleWriteRecords;
  private long shuffleWriteBytes;
  private long memorySpillBytes;
  private long diskSpillBytes;
  private long peakExecutionMemoryBytes;
  private long resultSizeBytes;

  void addTask(TaskOutcome outcome, TaskMetrics m) {
    tasks++;
    if (outcome == TaskOutcome.FAILED) {
      failedTasks++;
    } else if (outcome == TaskOutcome.KILLED) {
      killedTasks++;
    }
    if (m == null) {
      return;
    }
    executorRunTimeMs += m.executorRunTime();
    executorCpuTimeNs += m.executorCpuTime();
    jvmGcTimeMs += m.jvmGCTime();
    inputRecords += m.inputMetrics().recordsRead();
    inputBytes += m.inputMetrics().bytesRead();
    outputRecords += m.outputMetrics().recordsWritten();
    outputBytes += m.outputMetrics().bytesWritten();
    shuffleReadRecords += m.shuffleReadMetrics().recordsRead();
    shuffleReadBytes += m.shuffleReadMetrics().totalBytesRead();
    shuffleWriteRecords += m.shuffleWriteMetrics().recordsWritten();
    shuffleWriteBytes += m.shuffleWriteMetrics().bytesWritten();
    memorySpillBytes += m.memoryBytesSpilled();
    diskSpillBytes += m.diskBytesSpilled();
    peakExecutionMemoryBytes = Math.max(peakExecutionMemoryBytes, m.peakExecutionMemory());
    resultSizeBytes += m.resultSize();
  }

  long tasks() {
    return tasks;
  }

  MetricTotals snapshot() {
    return new MetricTotals(
        tasks,
        failedTasks,
        killedTasks,
        executorRunTimeMs,
        executorCpuTimeNs,
        jvmGcTimeMs,
        inputRecords,
        inputBytes,
        outputRecords,
        outputBytes,
        shuffleReadRecords,
        shuffleReadBytes,
        shuffleWriteRecords,
        shuffleWriteBytes,
        memorySpillBytes,
        diskSpillBytes,
        peakExecutionMemoryBytes,
        resultSizeBytes);
  }
}
