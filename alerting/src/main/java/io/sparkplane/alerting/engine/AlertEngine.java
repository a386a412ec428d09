package io.sparkplane.alerting.engine;

import io.sparkplane.alerting.Alert;
import io.sparkplane.alerting.AlertingMetrics;
import io.sparkplane.alerting.config.RoutingConfig;
import io.sparkplane.alerting.config.RulesConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates the built-in rules on finished runs. Windows count on each run's end time; "now" comes
 * from the injected clock, so tests and replays drive time. Thread-safe: runs arrive on the
 * collector's observer thread, ticks on the alerting scheduler, reads on HTTP threads.
 *
 * <pre>{@code
 * AlertEngine engine = new AlertEngine(RulesConfig.defaults(), RoutingConfig.defaults(), clock, listener, metrics);
 * engine.observe(outcome); // may fire at once
 * engine.tick();           // every evaluationInterval: drained windows, hold-downs, repeats
 * }</pre>
 */
public final class AlertEngine {

  private final Clock clock;
  private final List<Rule> rules = new ArrayList<>();
  private final AlertTracker tracker;
  private final AlertListener listener;
  private final AlertingMetrics metrics;

  public AlertEngine(
      RulesConfig rules, RoutingConfig routing, Clock clock, AlertListener listener, AlertingMetrics metrics) {
    this.clock = clock;
    this.listener = listener;
    this.metrics = metrics;
    this.tracker = new AlertTracker(routing.holdDown().toMillis(), routing.recentLimit(), listener, metrics);
    int examples = routing.examplesPerAlert();
    var burst = rules.failureBurst();
    if (burst.enabled()) {
      this.rules.add(
          new WindowCountRule(
              RuleNames.FAILURE_BURST,
              "FAILED or LOST",
              RunOutcome::failed,
              burst.threshold(),
              burst.window(),
              burst.scopes(),
              burst.level(),
              examples));
    }
    if (rules.successRateSlo().enabled()) {
      this.rules.add(new SloBurnRule(rules.successRateSlo(), examples));
    }
    var sla = rules.slaDeadline();
    if (sla.enabled()) {
      this.rules.add(
          new WindowCountRule(
              RuleNames.SLA_MISSED,
              "ended after their SLA deadline",
              RunOutcome::missedSla,
              sla.threshold(),
              sla.window(),
              sla.scopes(),
              sla.level(),
              examples));
    }
    if (rules.runtimeDrift().enabled()) {
      this.rules.add(new RuntimeDriftRule(rules.runtimeDrift(), metrics::runtimeJudged));
    }
  }

  /** Counts a finished run in every rule; an alert whose condition now holds fires at once. */
  public synchronized void observe(RunOutcome run) {
    long now = clock.millis();
    tracker.at(now);
    if (run.missedSla()) {
      metrics.slaMissed(run.tenant(), run.region());
    }
    for (Rule rule : rules) {
      rule.observe(run, now, tracker);
    }
  }

  /** Re-evaluates drained windows, resolves alerts past their hold-down, and lets the listener repeat. */
  public synchronized void tick() {
    long now = clock.millis();
    tracker.at(now);
    for (Rule rule : rules) {
      rule.reevaluate(now, tracker);
    }
    tracker.resolveHeld();
    listener.tick(now, tracker.active());
  }

  /** Firing and holding alerts, in the order they fired. */
  public synchronized List<Alert> active() {
    return tracker.active();
  }

  /** Resolved alerts, newest first, at most the routing's {@code recentLimit}. */
  public synchronized List<Alert> recent() {
    return tracker.recent();
  }

  public synchronized int activeCount() {
    return tracker.activeCount();
  }
}
