package io.sparkplane.collector.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("CappedTagMeterFilter")
class CappedTagMeterFilterTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Test
  @DisplayName("pooling: tenants past the cap share the _other series; meters without a tenant are untouched")
  void capsTenantLabel() {
    registry.config().meterFilter(CappedTagMeterFilter.pooling("tenant", 2));

    for (String tenant : new String[] {"a", "b", "c", "d", "a"}) {
      registry.counter("sparkplane.ingest.throttled", "tenant", tenant).increment();
      registry.counter("sparkplane.runs.lost", "tenant", tenant, "region", "eu").increment();
    }
    registry.counter("sparkplane.other").increment();

    assertThat(registry.find("sparkplane.ingest.throttled").counters())
        .extracting(c -> c.getId().getTag("tenant") + "=" + (int) c.count())
        .containsExactlyInAnyOrder("a=2", "b=1", "_other=2");
    assertThat(registry.find("sparkplane.runs.lost").tag("tenant", "_other").counter().count()).isEqualTo(2);
    assertThat(registry.find("sparkplane.other").counter()).isNotNull();
  }
}
