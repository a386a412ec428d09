package io.sparkplane.triage.retry;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets that keep retries from stampeding downstream systems: one per tenant ({@code
 * retry.rateLimit.tenantPerMinute}) and one for all tenants ({@code retry.rateLimit.globalPerMinute}),
 * each refilled greedily over a minute with the same burst. Time comes from the injected clock.
 *
 * <pre>{@code
 * RetryRateLimiter.Verdict v = limiter.tryAcquire("acme");   // ADMITTED, TENANT_LIMITED or GLOBAL_LIMITED
 * }</pre>
 */
public final class RetryRateLimiter {

  /** The outcome of one request for a retry slot. */
  public enum Admission {
    ADMITTED,
    TENANT_LIMITED,
    GLOBAL_LIMITED
  }

  private final int tenantPerMinute;
  private final TimeMeter time;
  private final Bucket global;
  private final Map<String, Bucket> tenants = new ConcurrentHashMap<>();

  public RetryRateLimiter(RetrySettings settings, Clock clock) {
    this.tenantPerMinute = settings.tenantRetriesPerMinute();
    this.time =
        new TimeMeter() {
          @Override
          public long currentTimeNanos() {
            return clock.millis() * 1_000_000L;
          }

          @Override
          public boolean isWallClockBased() {
            return true;
          }
        };
    this.global = bucket(settings.globalRetriesPerMinute());
  }

  /**
   * Takes a slot from the tenant's bucket and the global one, or neither: a tenant over its limit
   * does not use global slots, and a full global bucket does not use the tenant's.
   */
  public synchronized Admission tryAcquire(String tenant) {
    Bucket own = tenants.computeIfAbsent(tenant, t -> bucket(tenantPerMinute));
    if (own.getAvailableTokens() < 1) {
      return Admission.TENANT_LIMITED;
    }
    if (!global.tryConsume(1)) {
      return Admission.GLOBAL_LIMITED;
    }
    own.tryConsume(1);
    return Admission.ADMITTED;
  }

  private Bucket bucket(int perMinute) {
    return Bucket.builder()
        .addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)))
        .withCustomTimePrecision(time)
        .build();
  }
}
