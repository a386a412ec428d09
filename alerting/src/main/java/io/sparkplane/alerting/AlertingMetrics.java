package io.sparkplane.alerting;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Alerting's meters. In Prometheus form:
 *
 * <ul>
 *   <li>{@code sparkplane_alerts_fired_total{rule,scope,level}}: alerts that started firing;
 *   <li>{@code sparkplane_alerts_resolved_total{rule,scope,level}}: alerts that resolved;
 *   <li>{@code sparkplane_alerts_active{rule,scope}}: alerts firing now (holding included);
 *   <li>{@code sparkplane_alert_notifications_total{notifier,kind}}: notifications a receiver
 *       accepted, {@code kind} {@code firing}, {@code repeat} or {@code resolved};
 *   <li>{@code sparkplane_alert_notify_failures_total{notifier,reason}}: notifications given up,
 *       {@code reason} {@code error} (retries exhausted or refused), {@code rate_limited}, {@code
 *       queue_full};
 *   <li>{@code sparkplane_alert_notify_delay_seconds{notifier}}: from the alert's transition to the
 *       receiver's acceptance (group wait included);
 *   <li>{@code sparkplane_runs_sla_missed_total{tenant,region}}: runs that ended after their SLA
 *       deadline (what the Prometheus SLA rule counts);
 *   <li>{@code sparkplane_runtime_drift_runs_total{tenant,workload}} and {@code
 *       sparkplane_runtime_drift_slow_runs_total{tenant,workload}}: successful runs the runtime
 *       drift rule judged against their workload's baseline, and those slower than {@code factor}
 *       times the baseline quantile (what the Prometheus drift rule counts); capped per workload by
 *       {@link AlertingExtension#meterFilters()}.
 * </ul>
 */
public final class AlertingMetrics {

  private final MeterRegistry registry;
  private final Map<String, AtomicInteger> active = new ConcurrentHashMap<>();

  public AlertingMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void fired(Alert alert) {
    transitionCounter("sparkplane.alerts.fired", "Alerts that started firing", alert).increment();
    activeGauge(alert).incrementAndGet();
  }

  public void resolved(Alert alert) {
    transitionCounter("sparkplane.alerts.resolved", "Alerts that resolved", alert).increment();
    activeGauge(alert).decrementAndGet();
  }

  /** Registers the notifier's series at zero so that dashboards see them before the first page. */
  public void registerNotifier(String notifier) {
    for (String reason : new String[] {"error", "rate_limited", "queue_full"}) {
      failureCounter(notifier, reason);
    }
    for (String kind : new String[] {"firing", "repeat", "resolved"}) {
      sentCounter(notifier, kind);
    }
  }

  public void sent(String notifier, String kind, Duration delay) {
    sentCounter(notifier, kind).increment();
    Timer.builder("sparkplane.alert.notify.delay")
        .description("Time from an alert's transition to its notification being accepted")
        .tag("notifier", notifier)
        .register(registry)
        .record(delay);
  }

  public void notifyFailed(String notifier, String reason) {
    failureCounter(notifier, reason).increment();
  }

  public void slaMissed(String tenant, String region) {
    Counter.builder("sparkplane.runs.sla.missed")
        .description("Runs that ended after their SLA deadline")
        .tags("tenant", tenant, "region", region)
        .register(registry)
        .increment();
  }

  /**
   * Counts runs the runtime drift rule judged: {@code judged} of them, {@code slow} of those slower
   * than the rule's threshold. Both series are created together, so the ratio exists from the first
   * judged run.
   */
  public void runtimeJudged(String tenant, String workload, int judged, int slow) {
    Counter runs =
        Counter.builder("sparkplane.runtime.drift.runs")
            .description("Successful runs judged against their workload's runtime baseline")
            .tags("tenant", tenant, "workload", workload)
            .register(registry);
    Counter slowRuns =
        Counter.builder("sparkplane.runtime.drift.slow.runs")
            .description("Judged runs slower than factor times their workload's baseline quantile")
            .tags("tenant", tenant, "workload", workload)
            .register(registry);
    runs.increment(judged);
    slowRuns.increment(slow);
  }

  private Counter sentCounter(String notifier, String kind) {
    return Counter.builder("sparkplane.alert.notifications")
        .description("Alert notifications accepted by their receiver")
        .tags("notifier", notifier, "kind", kind)
        .register(registry);
  }

  private Counter failureCounter(String notifier, String reason) {
    return Counter.builder("sparkplane.alert.notify.failures")
        .description("Alert notifications given up")
        .tags("notifier", notifier, "reason", reason)
        .register(registry);
  }

  private Counter transitionCounter(String name, String description, Alert alert) {
    return Counter.builder(name)
        .description(description)
        .tags(
            Tags.of(
                "rule", alert.key().rule(),
                "scope", alert.key().scope().label(),
                "level", alert.level().label()))
        .register(registry);
  }

  private AtomicInteger activeGauge(Alert alert) {
    String rule = alert.key().rule();
    String scope = alert.key().scope().label();
    return active.computeIfAbsent(
        rule + '\u0000' + scope,
        k -> {
          AtomicInteger value = new AtomicInteger();
          io.micrometer.core.instrument.Gauge.builder("sparkplane.alerts.active", value, AtomicInteger::get)
              .description("Alerts firing now, holding included")
              .tags("rule", rule, "scope", scope)
              .register(registry);
          return value;
        });
  }
}
