package io.sparkplane.alerting.config;

import io.sparkplane.alerting.Level;
import io.sparkplane.alerting.Scope;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Success-rate SLO with multi-window, multi-burn-rate alerts. A run counts as good when {@code
 * SUCCEEDED}, bad when {@code FAILED} or {@code LOST}; {@code CANCELLED} runs are left out.
 *
 * @param enabled default true
 * @param objective success-rate target in percent, default {@value #DEFAULT_OBJECTIVE}
 * @param minRuns fewest runs in a long window before it may fire (one failure in three runs is no
 *     signal), default {@value #DEFAULT_MIN_RUNS}
 * @param bucketsPerWindow each window is counted in this many time buckets (its resolution),
 *     default {@value #DEFAULT_BUCKETS}
 * @param scopes default tenant, region, global
 * @param burnRates default 1h/5m at 14.4× (critical) and 6h/30m at 6× (warning)
 */
public record SuccessRateSloSettings(
    @Nullable Boolean enabled,
    @Nullable Double objective,
    @Nullable Integer minRuns,
    @Nullable Integer bucketsPerWindow,
    @Nullable List<Scope> scopes,
    @Nullable List<BurnRateWindow> burnRates) {

  public static final double DEFAULT_OBJECTIVE = 99.95;
  public static final int DEFAULT_MIN_RUNS = 10;
  public static final int DEFAULT_BUCKETS = 60;
  public static final List<BurnRateWindow> DEFAULT_BURN_RATES =
      List.of(
          new BurnRateWindow(Duration.ofHours(1), Duration.ofMinutes(5), 14.4, Level.CRITICAL),
          new BurnRateWindow(Duration.ofHours(6), Duration.ofMinutes(30), 6.0, Level.WARNING));

  public SuccessRateSloSettings {
    enabled = Settings.orDefault(enabled, true);
    objective = Settings.between("objective", Settings.orDefault(objective, DEFAULT_OBJECTIVE), 0, 100);
    minRuns = Settings.atLeast("minRuns", Settings.orDefault(minRuns, DEFAULT_MIN_RUNS), 1);
    bucketsPerWindow =
        Settings.atLeast("bucketsPerWindow", Settings.orDefault(bucketsPerWindow, DEFAULT_BUCKETS), 1);
    scopes = ScopeList.check("scopes", Settings.orDefault(scopes, FailureBurstSettings.DEFAULT_SCOPES), false);
    burnRates = List.copyOf(Settings.orDefault(burnRates, DEFAULT_BURN_RATES));
    if (burnRates.isEmpty()) {
      throw new ConfigFieldException("burnRates", "must list at least one long/short window pair");
    }
  }

  /** The error budget as a ratio: {@code 1 - objective/100}. */
  public double errorBudget() {
    return 1 - objective / 100;
  }

  public static SuccessRateSloSettings defaults() {
    return new SuccessRateSloSettings(null, null, null, null, null, null);
  }
}
