package io.sparkplane.alerting.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("WorkloadMeterFilter")
class WorkloadMeterFilterTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private void count(String tenant, String workload) {
    registry.counter("sparkplane.runtime.drift.runs", "tenant", tenant, "workload", workload).increment();
  }

  @Test
  @DisplayName("keeps series for the first max tenant and workload pairs, none for later ones or pooled tenants, and leaves other meters alone")
  void caps() {
    registry.config().meterFilter(new WorkloadMeterFilter(2));
    count("acme", "etl");
    count("beta", "etl"); // same workload name, another tenant: a pair of its own
    count("acme", "etl"); // admitted already
    count("acme", "report"); // third pair: over the cap
    count("_other", "x"); // a tenant past the collector's cap
    registry.counter("sparkplane.runs.sla.missed", "tenant", "zeta").increment();

    assertThat(registry.find("sparkplane.runtime.drift.runs").counters()).hasSize(2);
    assertThat(registry.get("sparkplane.runtime.drift.runs").tags("tenant", "acme", "workload", "etl").counter().count())
        .isEqualTo(2);
    assertThat(registry.find("sparkplane.runtime.drift.runs").tag("workload", "report").counter()).isNull();
    assertThat(registry.find("sparkplane.runtime.drift.runs").tag("tenant", "_other").counter()).isNull();
    assertThat(registry.get("sparkplane.runs.sla.missed").counter().count()).isEqualTo(1);
  }

  @Test
  @DisplayName("exports no workload series at 0")
  void zero() {
    registry.config().meterFilter(new WorkloadMeterFilter(0));
    count("acme", "etl");
    assertThat(registry.find("sparkplane.runtime.drift.runs").counters()).isEmpty();
  }
}
