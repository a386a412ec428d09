package io.sparkplane.alerting.engine;

import io.sparkplane.alerting.AlertFacts;
import io.sparkplane.alerting.AlertKey;
import io.sparkplane.alerting.RunRef;
import io.sparkplane.alerting.Scope;
import io.sparkplane.alerting.config.RuntimeDriftSettings;
import io.sparkplane.wire.RunStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fires for a workload when the quantile of its last {@code recentRuns} successful runtimes exceeds
 * {@code factor} times the same quantile of its baseline (all its earlier runs).
 *
 * <p>For the Prometheus form of the rule it also counts, per workload, the runs it judged and those
 * slower than {@code factor} times the baseline quantile at that moment: the recent quantile exceeds
 * a threshold exactly when more than {@code n - ceil(quantile * n)} of the {@code n} recent runs do,
 * and such counts add up across collector replicas where quantiles do not. When a workload's
 * baseline first becomes ready, its whole recent window is judged at once, so that the counts
 * hold the same runs the rule compares.
 */
final class RuntimeDriftRule implements Rule {

  /** Receives the judged-run counts of {@link RuntimeDriftRule}. */
  interface JudgedRuns {
    void judged(String tenant, String workload, int judged, int slow);
  }

  private final RuntimeDriftSettings settings;
  private final JudgedRuns judgedRuns;
  private final Map<AlertKey, RuntimeBaseline> workloads = new HashMap<>();

  RuntimeDriftRule(RuntimeDriftSettings settings, JudgedRuns judgedRuns) {
    this.settings = settings;
    this.judgedRuns = judgedRuns;
  }

  @Override
  public void observe(RunOutcome run, long nowMs, ConditionSink sink) {
    if (run.status() != RunStatus.SUCCEEDED || run.workload() == null || run.durationMs() == null) {
      return;
    }
    AlertKey key = AlertKey.of(RuleNames.RUNTIME_DRIFT, Scope.WORKLOAD, run.tenant(), null, run.workload());
    RuntimeBaseline baseline = workloads.get(key);
    if (baseline == null) {
      baseline = new RuntimeBaseline(settings.recentRuns());
      workloads.put(key, baseline);
      // the workload's series exist at zero from its first run, so dashboards and recording rules
      // show "no drift judged yet" rather than nothing
      judgedRuns.judged(run.tenant(), run.workload(), 0, 0);
    }
    baseline.add(run.durationMs(), run.ref());
    if (!baseline.recentFull() || baseline.baselineCount() < settings.minBaselineRuns()) {
      return;
    }
    double recent = baseline.recentQuantile(settings.quantile());
    double base = baseline.baselineQuantile(settings.quantile());
    double threshold = settings.factor() * base;
    if (baseline.markJudged()) {
      judgedRuns.judged(run.tenant(), run.workload(), baseline.recentCount(), baseline.recentAbove(threshold));
    } else {
      judgedRuns.judged(run.tenant(), run.workload(), 1, run.durationMs() > threshold ? 1 : 0);
    }
    double ratio = base <= 0 ? 0 : recent / base;
    boolean holds = ratio > settings.factor();
    RuntimeBaseline judged = baseline;
    sink.condition(key, settings.level(), holds, () -> facts(key, judged, recent, base, ratio, nowMs));
  }

  @Override
  public void reevaluate(long nowMs, ConditionSink sink) {
    // runtimes change only with new runs; the hold-down is the tracker's
  }

  private AlertFacts facts(
      AlertKey key, RuntimeBaseline baseline, double recent, double base, double ratio, long nowMs) {
    List<RunRef> runs = baseline.recentRuns();
    String summary =
        String.format(
            Locale.ROOT,
            "%s: p%.0f runtime of the last %d runs is %.0fs, %.2fx its baseline %.0fs (threshold %.2fx)",
            Keys.describe(key),
            settings.quantile() * 100,
            runs.size(),
            recent / 1000,
            ratio,
            base / 1000,
            settings.factor());
    long start = runs.isEmpty() ? nowMs : runs.get(0).endTimeMs() - 1;
    return new AlertFacts(
        runs.size(), baseline.baselineCount(), ratio, settings.factor(), start, nowMs, summary, runs);
  }
}
