package io.sparkplane.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sparkplane.alerting.config.AlertingConfigLoader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The alerting extension's workload meter cap (rules.runtimeDrift.maxWorkloadMeters)")
class WorkloadMeterCapTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private void cap(int maxWorkloadMeters) {
    AlertingExtension extension =
        new AlertingExtension(
            AlertingConfigLoader.parse(
                "rules: {runtimeDrift: {maxWorkloadMeters: " + maxWorkloadMeters + "}}", "test"));
    extension.meterFilters().forEach(registry.config()::meterFilter);
  }

  private void count(String tenant, String workload) {
    registry.counter("sparkplane.runtime.drift.runs", "tenant", tenant, "workload", workload).increment();
  }

  @Test
  @DisplayName("keeps series for the first max tenant and workload pairs, none for later ones or pooled tenants, and leaves other meters alone")
  void caps() {
    cap(2);
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
    cap(0);
    count("acme", "etl");
    assertThat(registry.find("sparkplane.runtime.drift.runs").counters()).isEmpty();
  }
}
