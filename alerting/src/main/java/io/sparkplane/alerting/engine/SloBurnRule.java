package io.sparkplane.alerting.engine;

import io.sparkplane.alerting.AlertFacts;
import io.sparkplane.alerting.AlertKey;
import io.sparkplane.alerting.RunRef;
import io.sparkplane.alerting.config.BurnRateWindow;
import io.sparkplane.alerting.config.DurationText;
import io.sparkplane.alerting.config.SuccessRateSloSettings;
import io.sparkplane.wire.RunStatus;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Multi-window, multi-burn-rate alerts on the success-rate SLO: for each configured pair, fires when
 * the error budget burns at least {@code factor} times too fast over both the long and the short
 * window, and the long window holds at least {@code minRuns} runs. One alert key per pair and scope
 * key, named {@code slo-burn-<long>-<short>}.
 */
final class SloBurnRule implements Rule {

  private final SuccessRateSloSettings settings;
  private final int examples;
  /** One map slot per scope key (keys with the pseudo-rule name {@code slo}). */
  private final Map<AlertKey, KeyWindows> keys = new HashMap<>();

  SloBurnRule(SuccessRateSloSettings settings, int examples) {
    this.settings = settings;
    this.examples = examples;
  }

  @Override
  public void observe(RunOutcome run, long nowMs, ConditionSink sink) {
    if (run.status() == RunStatus.CANCELLED || run.status() == RunStatus.RUNNING) {
      return;
    }
    for (AlertKey key : Keys.of("slo", settings.scopes(), run)) {
      KeyWindows windows = keys.computeIfAbsent(key, k -> new KeyWindows());
      windows.add(run, nowMs);
      report(key, windows, nowMs, sink);
    }
  }

  @Override
  public void reevaluate(long nowMs, ConditionSink sink) {
    Iterator<Map.Entry<AlertKey, KeyWindows>> it = keys.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<AlertKey, KeyWindows> entry = it.next();
      report(entry.getKey(), entry.getValue(), nowMs, sink);
      if (entry.getValue().isEmpty(nowMs)) {
        it.remove();
      }
    }
  }

  private void report(AlertKey scopeKey, KeyWindows windows, long nowMs, ConditionSink sink) {
    for (BurnRateWindow pair : settings.burnRates()) {
      BucketedRatioWindow longW = windows.window(pair.longWindow());
      BucketedRatioWindow shortW = windows.window(pair.shortWindow());
      double budget = settings.errorBudget();
      double longBurn = longW.errorRatio(nowMs) / budget;
      double shortBurn = shortW.errorRatio(nowMs) / budget;
      boolean holds =
          longW.total(nowMs) >= settings.minRuns() && longBurn >= pair.factor() && shortBurn >= pair.factor();
      AlertKey key =
          AlertKey.of(
              RuleNames.SLO_BURN_PREFIX + pair.name(),
              scopeKey.scope(),
              scopeKey.tenant(),
              scopeKey.region(),
              scopeKey.workload());
      sink.condition(
          key, pair.level(), holds, () -> facts(key, pair, longW, longBurn, shortBurn, windows, nowMs));
    }
  }

  private AlertFacts facts(
      AlertKey key,
      BurnRateWindow pair,
      BucketedRatioWindow longW,
      double longBurn,
      double shortBurn,
      KeyWindows windows,
      long nowMs) {
    long bad = longW.bad(nowMs);
    long total = longW.total(nowMs);
    String summary =
        String.format(
            Locale.ROOT,
            "%s burning the %.2f%% success SLO %.1fx over %s and %.1fx over %s (threshold %.1fx): %d of %d runs failed",
            Keys.describe(key),
            settings.objective(),
            longBurn,
            DurationText.format(pair.longWindow()),
            shortBurn,
            DurationText.format(pair.shortWindow()),
            pair.factor(),
            bad,
            total);
    long start = nowMs - pair.longWindow().toMillis();
    List<RunRef> failures = windows.failuresSince(start);
    return new AlertFacts(bad, total, longBurn, pair.factor(), start, nowMs, summary, failures);
  }

  /** The windows of one scope key, shared by the pairs that use the same duration. */
  private final class KeyWindows {
    private final TreeMap<Duration, BucketedRatioWindow> byDuration = new TreeMap<>();
    private final ArrayDeque<RunRef> failures = new ArrayDeque<>();

    KeyWindows() {
      for (BurnRateWindow pair : settings.burnRates()) {
        byDuration.computeIfAbsent(
            pair.longWindow(), d -> new BucketedRatioWindow(d.toMillis(), settings.bucketsPerWindow()));
        byDuration.computeIfAbsent(
            pair.shortWindow(), d -> new BucketedRatioWindow(d.toMillis(), settings.bucketsPerWindow()));
      }
    }

    void add(RunOutcome run, long nowMs) {
      for (BucketedRatioWindow w : byDuration.values()) {
        w.add(run.endTimeMs(), run.failed(), nowMs);
      }
      if (run.failed()) {
        failures.addLast(run.ref());
        if (failures.size() > examples) {
          failures.removeFirst();
        }
      }
    }

    BucketedRatioWindow window(Duration d) {
      return byDuration.get(d);
    }

    List<RunRef> failuresSince(long startMs) {
      return failures.stream().filter(r -> r.endTimeMs() > startMs).toList();
    }

    boolean isEmpty(long nowMs) {
      return byDuration.lastEntry().getValue().total(nowMs) == 0;
    }
  }
}
