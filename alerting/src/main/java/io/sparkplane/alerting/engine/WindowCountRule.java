package io.sparkplane.alerting.engine;

import io.sparkplane.alerting.AlertFacts;
import io.sparkplane.alerting.AlertKey;
import io.sparkplane.alerting.Level;
import io.sparkplane.alerting.Scope;
import io.sparkplane.alerting.config.DurationText;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Fires for a key when at least {@code threshold} matching runs ended within the sliding window:
 * failure bursts ({@code FAILED}/{@code LOST}) and SLA misses.
 */
final class WindowCountRule implements Rule {

  private final String name;
  private final String what;
  private final Predicate<RunOutcome> counts;
  private final int threshold;
  private final long windowMs;
  private final List<Scope> scopes;
  private final Level level;
  private final int examples;
  private final Map<AlertKey, SlidingWindowCounter> counters = new HashMap<>();

  WindowCountRule(
      String name,
      String what,
      Predicate<RunOutcome> counts,
      int threshold,
      Duration window,
      List<Scope> scopes,
      Level level,
      int examples) {
    this.name = name;
    this.what = what;
    this.counts = counts;
    this.threshold = threshold;
    this.windowMs = window.toMillis();
    this.scopes = scopes;
    this.level = level;
    this.examples = examples;
  }

  @Override
  public void observe(RunOutcome run, long nowMs, ConditionSink sink) {
    if (!counts.test(run)) {
      return;
    }
    for (AlertKey key : Keys.of(name, scopes, run)) {
      SlidingWindowCounter counter = counters.computeIfAbsent(key, k -> new SlidingWindowCounter(windowMs));
      if (counter.add(run.ref(), nowMs)) {
        report(key, counter, nowMs, sink);
      }
    }
  }

  @Override
  public void reevaluate(long nowMs, ConditionSink sink) {
    Iterator<Map.Entry<AlertKey, SlidingWindowCounter>> it = counters.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<AlertKey, SlidingWindowCounter> entry = it.next();
      int n = report(entry.getKey(), entry.getValue(), nowMs, sink);
      if (n == 0) {
        it.remove();
      }
    }
  }

  private int report(AlertKey key, SlidingWindowCounter counter, long nowMs, ConditionSink sink) {
    int n = counter.count(nowMs);
    sink.condition(key, level, n >= threshold, () -> facts(key, counter, n, nowMs));
    return n;
  }

  private AlertFacts facts(AlertKey key, SlidingWindowCounter counter, int n, long nowMs) {
    String summary =
        n + " runs " + what + " in " + DurationText.format(Duration.ofMillis(windowMs)) + " for "
            + Keys.describe(key) + " (threshold " + threshold + ")";
    return new AlertFacts(
        n, n, n, threshold, nowMs - windowMs, nowMs, summary, counter.newest(examples, nowMs));
  }
}
