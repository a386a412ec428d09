package io.sparkplane.wire;

import java.util.List;

/**
 * The bounded summary of one run. Its size does not grow with the task count: per-task metrics are
 * held as sketches and reported as quantiles, and stages beyond the listener's cap are folded into
 * {@code foldedStageTotals}, keeping the most expensive ones.
 *
 * @param failure optional; present when the run failed or a job failed along the way
 * @param foldedStages number of stages folded into {@code foldedStageTotals}
 * @param listenerCost what observing the run cost, when a live listener measured it (not in replay)
 */
public record RunSummary(
    RunStatus status,
    Timing timing,
    Failure failure,
    ResourceConf resources,
    MetricTotals totals,
    Progress progress,
    List<StageSummary> stages,
    int foldedStages,
    MetricTotals foldedStageTotals,
    List<JoinSummary> joins,
    ListenerStats listener,
    ListenerCost listenerCost) {

  public RunSummary {
    stages = List.copyOf(stages);
    joins = List.copyOf(joins);
  }

  /** A summary without cost accounting, as replay produces it. */
  public RunSummary(
      RunStatus status,
      Timing timing,
      Failure failure,
      ResourceConf resources,
      MetricTotals totals,
      Progress progress,
      List<StageSummary> stages,
      int foldedStages,
      MetricTotals foldedStageTotals,
      List<JoinSummary> joins,
      ListenerStats listener) {
    this(
        status,
        timing,
        failure,
        resources,
        totals,
        progress,
        stages,
        foldedStages,
        foldedStageTotals,
        joins,
        listener,
        null);
  }
}
