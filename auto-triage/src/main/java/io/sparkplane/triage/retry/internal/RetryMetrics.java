package io.sparkplane.triage.retry.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sparkplane.triage.retry.RetryDecision;

/**
 * {@code sparkplane_retry_decisions_total{decision,reason}} and {@code
 * sparkplane_retry_deliveries_total{outcome}}. A retry whose delivery fails counts once as {@code
 * retried} and once more as {@code skipped} with reason {@code delivery_failed} or {@code
 * engine_rejected}. Internal.
 */
public final class RetryMetrics {

  public static final String DECISIONS = "sparkplane_retry_decisions";
  public static final String DELIVERIES = "sparkplane_retry_deliveries";

  private final MeterRegistry registry;

  public RetryMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (String outcome : new String[] {"delivered", "failed"}) {
      delivery(outcome);
    }
  }

  public void decision(RetryDecision d) {
    Counter.builder(DECISIONS)
        .description("Retry decisions on triaged runs, by decision and reason")
        .tag("decision", d.decision().name().toLowerCase(java.util.Locale.ROOT))
        .tag("reason", d.reason().label())
        .register(registry)
        .increment();
  }

  public void delivered(boolean ok) {
    delivery(ok ? "delivered" : "failed").increment();
  }

  private Counter delivery(String outcome) {
    return Counter.builder(DELIVERIES)
        .description("Retry webhook deliveries, by outcome")
        .tag("outcome", outcome)
        .register(registry);
  }
}
