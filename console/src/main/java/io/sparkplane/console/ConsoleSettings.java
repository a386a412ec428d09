package io.sparkplane.console;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the run console. Start from {@link #defaults()}:
 *
 * <pre>{@code
 * ConsoleSettings s = ConsoleSettings.defaults().withSkewRatioThreshold(5.0);
 * }</pre>
 *
 * @param pageSize runs per page of the runs list, 1 to 500; default {@value #DEFAULT_PAGE_SIZE}
 * @param maxAttemptsShown runs of the same workload read to find a run's other attempts; default
 *     {@value #DEFAULT_MAX_ATTEMPTS_SHOWN}
 * @param skewRatioThreshold a stage whose records or task-duration max/median reaches this is
 *     flagged as skewed; default {@value #DEFAULT_SKEW_RATIO_THRESHOLD}, the same as triage's {@code
 *     triage.skew.minRatio}
 * @param alertsTimeout how long the alerts page waits for {@code GET /api/v1/alerts}; default 2 s
 * @param secureCookie whether the token cookie is marked {@code Secure} (set it when served over
 *     HTTPS); default false
 * @param tenantAccess whether a tenant's token may open the console, scoped to its own tenant's
 *     runs; default false: the console requires an operator token (one that acts for all tenants)
 *     and answers a tenant's token with 403
 */
public record ConsoleSettings(
    int pageSize,
    int maxAttemptsShown,
    double skewRatioThreshold,
    Duration alertsTimeout,
    boolean secureCookie,
    boolean tenantAccess) {

  public static final int DEFAULT_PAGE_SIZE = 50;
  public static final int DEFAULT_MAX_ATTEMPTS_SHOWN = 50;
  public static final double DEFAULT_SKEW_RATIO_THRESHOLD = 4.0;
  public static final Duration DEFAULT_ALERTS_TIMEOUT = Duration.ofSeconds(2);

  public ConsoleSettings {
    if (pageSize < 1 || pageSize > 500) {
      throw new IllegalArgumentException("pageSize must be between 1 and 500, was " + pageSize);
    }
    if (maxAttemptsShown < 1 || maxAttemptsShown > 500) {
      throw new IllegalArgumentException(
          "maxAttemptsShown must be between 1 and 500, was " + maxAttemptsShown);
    }
    if (!(skewRatioThreshold > 1)) {
      throw new IllegalArgumentException(
          "skewRatioThreshold must be > 1, was " + skewRatioThreshold);
    }
    Objects.requireNonNull(alertsTimeout, "alertsTimeout");
    if (alertsTimeout.isNegative() || alertsTimeout.isZero()) {
      throw new IllegalArgumentException("alertsTimeout must be positive, was " + alertsTimeout);
    }
  }

  public static ConsoleSettings defaults() {
    return new ConsoleSettings(
        DEFAULT_PAGE_SIZE,
        DEFAULT_MAX_ATTEMPTS_SHOWN,
        DEFAULT_SKEW_RATIO_THRESHOLD,
        DEFAULT_ALERTS_TIMEOUT,
        false,
        false);
  }

  public ConsoleSettings withPageSize(int value) {
    return new ConsoleSettings(value, maxAttemptsShown, skewRatioThreshold, alertsTimeout, secureCookie, tenantAccess);
  }

  public ConsoleSettings withSkewRatioThreshold(double value) {
    return new ConsoleSettings(pageSize, maxAttemptsShown, value, alertsTimeout, secureCookie, tenantAccess);
  }

  public ConsoleSettings withSecureCookie(boolean value) {
    return new ConsoleSettings(pageSize, maxAttemptsShown, skewRatioThreshold, alertsTimeout, value, tenantAccess);
  }

  /** Lets tenants' tokens open the console, each scoped to its own tenant. */
  public ConsoleSettings withTenantAccess(boolean value) {
    return new ConsoleSettings(pageSize, maxAttemptsShown, skewRatioThreshold, alertsTimeout, secureCookie, value);
  }
}
