package io.sparkplane.wire;

import java.util.List;

/**
 * The bounded summary of one run. Its size does not grow with the task count: per-task metrics are
 * held as sketches and reported as quantiles, and stages beyond the listener's cap are folded into
 * {@code foldedStageTotals}, keeping the most expensive ones.
 *
 * @param failure optional; present when the run failed or a job failed along the way
 * @param foldedStages number of stages folded into {@code foldedStageTotals}
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
    ListenerStats listener) {

  public RunSummary {
    stages = List.copyOf(stages);
    joins = List.copyOf(joins);
  }
}
