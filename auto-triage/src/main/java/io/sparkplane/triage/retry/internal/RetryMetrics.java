package io.sparkplane.triage.retry.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sparkplane.triage.retry.RetryDecision;
import io.sparkplane.wire.RunStatus;
import java.util.Locale;

/**
 * {@code sparkplane_retry_decisions_total{tenant,decision,reason}}, {@code
 * sparkplane_retry_deliveries_total{outcome}}, {@code sparkplane_retry_outcomes_total{tenant,outcome}}
 * and {@code sparkplane_retry_time_saved_seconds_total}. A retry whose delivery fails counts once as
 * {@code retried} and once more as {@code skipped} with reason {@code delivery_failed} or {@code
 * engine_rejected}. {@code tenant} is capped by the collector's tenant cap. Internal.
 */
public final class RetryMetrics {

  public static final String DECISIONS = "sparkplane_retry_decisions";
  public static final String DELIVERIES = "sparkplane_retry_deliveries";
  public static final String OUTCOMES = "sparkplane_retry_outcomes";
  public static final String TIME_SAVED = "sparkplane_retry_time_saved";

  private final MeterRegistry registry;
  private final Counter timeSaved;

  public RetryMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (String outcome : new String[] {"delivered", "failed"}) {
      delivery(outcome);
    }
    this.timeSaved =
        Counter.builder(TIME_SAVED)
            .description(
                "Seconds from a failed run's end to the end of its successful automatic retry:"
                    + " triage, resubmission and rerun nobody had to do by hand")
            .baseUnit("seconds")
            .register(registry);
  }

  public void decision(RetryDecision d) {
    Counter.builder(DECISIONS)
        .description("Retry decisions on triaged runs, by tenant, decision and reason")
        .tag("tenant", d.tenant())
        .tag("decision", d.decision().name().toLowerCase(Locale.ROOT))
        .tag("reason", d.reason().label())
        .register(registry)
        .increment();
  }

  public void delivered(boolean ok) {
    delivery(ok ? "delivered" : "failed").increment();
  }

  /** How a retry run ended: {@code succeeded}, {@code failed}, {@code cancelled} or {@code lost}. */
  public void outcome(String tenant, RunStatus status) {
    Counter.builder(OUTCOMES)
        .description("Retry runs that finished, by tenant and final status")
        .tag("tenant", tenant)
        .tag("outcome", status.name().toLowerCase(Locale.ROOT))
        .register(registry)
        .increment();
  }

  public void timeSaved(double seconds) {
    timeSaved.increment(seconds);
  }

  private Counter delivery(String outcome) {
    return Counter.builder(DELIVERIES)
        .description("Retry webhook deliveries, by outcome")
        .tag("outcome", outcome)
        .register(registry);
  }
}
