package io.sparkplane.listener.aggregate;

import io.sparkplane.wire.MetricTotals;
import io.sparkplane.wire.StageSummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Keeps the {@code cap} most expensive finished stages of a run and folds the rest into one total, so
 * a summary of a 500-stage run is as large as one of a {@code cap}-stage run.
 */
final class StageRetention {

  private static final Comparator<StageSummary> BY_COST =
      Comparator.comparingLong(StageSummary::cost)
          .thenComparingInt(StageSummary::stageId)
          .thenComparingInt(StageSummary::attempt);

  private final int cap;
  private final PriorityQueue<StageSummary> kept = new PriorityQueue<>(BY_COST);
  private int folded;
  private MetricTotals foldedTotals = MetricTotals.ZERO;

  StageRetention(int cap) {
    this.cap = cap;
  }

  void add(StageSummary stage) {
    kept.add(stage);
    if (kept.size() > cap) {
      StageSummary cheapest = kept.poll();
      folded++;
      foldedTotals = foldedTotals.plus(cheapest.totals());
    }
  }

  /**
   * Replaces a stage's earlier summary by an updated one (late tasks added to it): re-ranked if it
   * is still kept, else its growth is added to the folded totals.
   */
  void replace(StageSummary previous, StageSummary updated) {
    if (kept.remove(previous)) {
      add(updated);
    } else {
      foldedTotals = foldedTotals.plus(growth(previous.totals(), updated.totals()));
    }
  }

  /** What {@code after} adds to {@code before}; the peak is {@code after}'s (a maximum). */
  private static MetricTotals growth(MetricTotals before, MetricTotals after) {
    return new MetricTotals(
        after.tasks() - before.tasks(),
        after.failedTasks() - before.failedTasks(),
        after.killedTasks() - before.killedTasks(),
        after.executorRunTimeMs() - before.executorRunTimeMs(),
        after.executorCpuTimeNs() - before.executorCpuTimeNs(),
        after.jvmGcTimeMs() - before.jvmGcTimeMs(),
        after.inputRecords() - before.inputRecords(),
        after.inputBytes() - before.inputBytes(),
        after.outputRecords() - before.outputRecords(),
        after.outputBytes() - before.outputBytes(),
        after.shuffleReadRecords() - before.shuffleReadRecords(),
        after.shuffleReadBytes() - before.shuffleReadBytes(),
        after.shuffleWriteRecords() - before.shuffleWriteRecords(),
        after.shuffleWriteBytes() - before.shuffleWriteBytes(),
        after.memorySpillBytes() - before.memorySpillBytes(),
        after.diskSpillBytes() - before.diskSpillBytes(),
        after.peakExecutionMemoryBytes(),
        after.resultSizeBytes() - before.resultSizeBytes());
  }

  /** Kept stages in stage order. */
  List<StageSummary> kept() {
    List<StageSummary> out = new ArrayList<>(kept);
    out.sort(
        Comparator.comparingInt(StageSummary::stageId).thenComparingInt(StageSummary::attempt));
    return out;
  }

  long estimatedBytes() {
    long bytes = 0;
    for (StageSummary stage : kept) {
      bytes += RetainedSize.stageSummary(stage);
    }
    return bytes;
  }

  int folded() {
    return folded;
  }

  MetricTotals foldedTotals() {
    return folded == 0 ? null : foldedTotals;
  }
}
