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

  /** Kept stages in stage order. */
  List<StageSummary> kept() {
    List<StageSummary> out = new ArrayList<>(kept);
    out.sort(
        Comparator.comparingInt(StageSummary::stageId).thenComparingInt(StageSummary::attempt));
    return out;
  }

  int folded() {
    return folded;
  }

  MetricTotals foldedTotals() {
    return folded == 0 ? null : foldedTotals;
  }
}
