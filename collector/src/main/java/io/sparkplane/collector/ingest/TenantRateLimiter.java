package io.sparkplane.collector.ingest;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One token bucket per tenant, counted in events: a tenant may send {@code tenantBurstEvents} at once
 * and {@code tenantEventsPerSecond} sustained, so one noisy tenant cannot take the store's write
 * capacity from the rest. Buckets live in this process; with several collector replicas behind a
 * load balancer each replica grants the full rate.
 *
 * <p>Only tenants named by their token are limited: without a tenants file the tenant is whatever
 * the payload claims, so a per-tenant limit could be dodged by inventing tenants, and operator
 * tokens (backfills) are trusted. The number of buckets is therefore bounded by the tenants file.
 *
 * <pre>{@code
 * long waitSeconds = limiter.tryAcquire("acme", events.size()); // 0 = admitted
 * }</pre>
 */
public final class TenantRateLimiter {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final long eventsPerSecond;
  private final long burst;
  private final TimeMeter time;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  public TenantRateLimiter(IngestLimits limits) {
    this(limits, System::nanoTime);
  }

  /** With a time source in nanoseconds, for tests. */
  public TenantRateLimiter(IngestLimits limits, LongSupplier nanoTime) {
    this.eventsPerSecond = limits.tenantEventsPerSecond();
    this.burst = limits.tenantBurstEvents();
    this.time =
        new TimeMeter() {
          @Override
          public long currentTimeNanos() {
            return nanoTime.getAsLong();
          }

          @Override
          public boolean isWallClockBased() {
            return false;
          }
        };
  }

  /** Whether the tenant has any allowance left; lets a request be refused before it is parsed. */
  public boolean hasAllowance(String tenant) {
    return bucket(tenant).getAvailableTokens() > 0;
  }

  /**
   * Takes {@code events} tokens from the tenant's bucket (at most the bucket's capacity, so a batch
   * larger than the burst is still admitted once the bucket is full).
   *
   * @return 0 if admitted, else whole seconds until enough tokens are back (at least 1)
   */
  public long tryAcquire(String tenant, int events) {
    ConsumptionProbe probe = bucket(tenant).tryConsumeAndReturnRemaining(Math.max(1, Math.min(events, burst)));
    if (probe.isConsumed()) {
      return 0;
    }
    long nanos = probe.getNanosToWaitForRefill();
    return Math.max(1, (nanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND);
  }

  private Bucket bucket(String tenant) {
    return buckets.computeIfAbsent(
        tenant,
        t ->
            Bucket.builder()
                .addLimit(l -> l.capacity(burst).refillGreedy(eventsPerSecond, Duration.ofSeconds(1)))
                .withCustomTimePrecision(time)
                .build());
  }
}
