package io.sparkplane.triage.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sparkplane.triage.TriageClass;

/**
 * {@code sparkplane_triage_verdicts_total{tenant,class}}: verdicts stored, by tenant (capped by the
 * collector's tenant cap) and primary class; and {@code
 * sparkplane_triage_fingerprint_runs_total{fingerprint,class}}: runs per fingerprint, the label capped
 * by {@link io.sparkplane.triage.TriageExtension#meterFilters()}. Both are created on a class's
 * first verdict for a tenant or fingerprint. Internal.
 */
public final class TriageMetrics {

  public static final String VERDICTS = "sparkplane_triage_verdicts";
  public static final String FINGERPRINT_RUNS = "sparkplane_triage_fingerprint_runs";

  private final MeterRegistry registry;

  public TriageMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void verdict(String tenant, TriageClass c, String fingerprint) {
    Counter.builder(VERDICTS)
        .description("Triage verdicts stored, by tenant and primary class")
        .tag("tenant", tenant)
        .tag("class", c.name())
        .register(registry)
        .increment();
    Counter.builder(FINGERPRINT_RUNS)
        .description("Triaged runs per fingerprint (same class, tenant and workload)")
        .tag("fingerprint", fingerprint)
        .tag("class", c.name())
        .register(registry)
        .increment();
  }
}
