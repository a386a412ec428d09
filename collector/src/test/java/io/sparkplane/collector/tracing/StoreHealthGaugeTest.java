package io.sparkplane.collector.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sparkplane.collector.FakeClock;
import io.sparkplane.collector.store.ForwardingRunStore;
import io.sparkplane.collector.store.StoreException;
import io.sparkplane.collector.store.h2.H2RunStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("StoreHealthGauge")
class StoreHealthGaugeTest {

  @TempDir Path dir;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Test
  @DisplayName("Reads 1 while the store is healthy, 0 once it is closed or its check throws, 1 again when it answers")
  void followsTheStore() {
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    H2RunStore h2 = H2RunStore.open(dir, new FakeClock(Instant.parse("2025-06-01T12:00:00Z")));
    var store =
        new ForwardingRunStore(h2) {
          @Override
          public boolean isHealthy() {
            if (failure.get() != null) {
              throw failure.get();
            }
            return super.isHealthy();
          }
        };
    try (StoreHealthGauge gauge = new StoreHealthGauge(store, registry, Duration.ofHours(1))) {
      gauge.start();
      assertThat(registry.get("sparkplane.store.healthy").gauge().value()).as("sampled at start").isEqualTo(1.0);

      failure.set(new StoreException("connection refused"));
      gauge.sample();
      assertThat(registry.get("sparkplane.store.healthy").gauge().value()).isZero();

      failure.set(null);
      gauge.sample();
      assertThat(gauge.value()).isEqualTo(1.0);

      h2.close();
      gauge.sample();
      assertThat(registry.get("sparkplane.store.healthy").gauge().value()).isZero();
    }
  }

  @Test
  @DisplayName("Refuses a zero sampling interval")
  void refusesZeroInterval() {
    H2RunStore h2 = H2RunStore.open(dir, new FakeClock(Instant.parse("2025-06-01T12:00:00Z")));
    try {
      assertThatThrownBy(() -> new StoreHealthGauge(h2, registry, Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("interval");
    } finally {
      h2.close();
    }
  }
}
