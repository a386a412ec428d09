package io.sparkplane.collector.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("TenantRateLimiter")
class TenantRateLimiterTest {

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final TenantRateLimiter limiter =
      new TenantRateLimiter(IngestLimits.defaults().withTenantRate(10, 50), nanos::get);

  @Test
  @DisplayName("A tenant may send its burst at once, then waits for the refill it is told about")
  void burstThenRefill() {
    assertThat(limiter.tryAcquire("acme", 50)).isZero();
    assertThat(limiter.hasAllowance("acme")).isFalse();
    assertThat(limiter.tryAcquire("acme", 20)).as("20 events at 10/s").isEqualTo(2);

    nanos.addAndGet(1_000_000_000L);
    assertThat(limiter.tryAcquire("acme", 10)).isZero();
    assertThat(limiter.tryAcquire("acme", 1)).isEqualTo(1);
  }

  @Test
  @DisplayName("Each tenant has its own bucket")
  void perTenant() {
    assertThat(limiter.tryAcquire("acme", 50)).isZero();
    assertThat(limiter.tryAcquire("globex", 50)).isZero();
    assertThat(limiter.tryAcquire("acme", 1)).isPositive();
  }

  @Test
  @DisplayName("A batch larger than the burst still passes when the bucket is full")
  void oversizedBatch() {
    assertThat(limiter.tryAcquire("acme", 500)).isZero();
    assertThat(limiter.tryAcquire("acme", 500)).isPositive();
  }
}
