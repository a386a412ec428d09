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
 * @param traceparent optional W3C trace context of the run (e.g. {@code
 *     00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01}): the listener's run span when it
 *     traces, else the {@code traceparent} local property the engine set; later stages such as
 *     triage record their spans in this trace
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
    ListenerCost listenerCost,
    String traceparent) {

  public RunSummary {
    stages = List.copyOf(stages);
    joins = List.copyOf(joins);
  }

  /** A summary without a trace context. */
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
      ListenerStats listener,
      ListenerCost listenerCost) {
    this(status, timing, failure, resources, totals, progress, stages, foldedStages, foldedStageTotals, joins,
        listener, listenerCost, null);
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
    this(status, timing, failure, resources, totals, progress, stages, foldedStages, foldedStageTotals, joins,
        listener, null);
  }

  /** This summary with {@code traceparent} set. */
  public RunSummary withTraceparent(String traceparent) {
    return new RunSummary(status, timing, failure, resources, totals, progress, stages, foldedStages,
        foldedStageTotals, joins, listener, listenerCost, traceparent);
  }
}
