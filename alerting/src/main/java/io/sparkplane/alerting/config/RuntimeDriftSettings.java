package io.sparkplane.alerting.config;

import io.sparkplane.alerting.Level;
import org.jspecify.annotations.Nullable;

/**
 * Fire when a workload's recent end-to-end runtime quantile (submit to end, successful runs) rises
 * above {@code factor} times the same quantile of its own baseline. The recent window is the last
 * {@code recentRuns} runs; older runs fold into a DDSketch baseline of fixed size.
 *
 * @param enabled default true
 * @param quantile default {@value #DEFAULT_QUANTILE}
 * @param factor default {@value #DEFAULT_FACTOR}
 * @param recentRuns default {@value #DEFAULT_RECENT_RUNS}
 * @param minBaselineRuns baseline runs needed before the rule may fire, default {@value
 *     #DEFAULT_MIN_BASELINE_RUNS}
 * @param level default warning
 * @param maxWorkloadMeters workloads (tenant and workload pair) that get their own {@code
 *     sparkplane_runtime_drift_*} series for the Prometheus rule, default {@value
 *     #DEFAULT_MAX_WORKLOAD_METERS}; later workloads get none (the built-in rule still watches
 *     them); 0 exports none
 */
public record RuntimeDriftSettings(
    @Nullable Boolean enabled,
    @Nullable Double quantile,
    @Nullable Double factor,
    @Nullable Integer recentRuns,
    @Nullable Integer minBaselineRuns,
    @Nullable Level level,
    @Nullable Integer maxWorkloadMeters) {

  public static final double DEFAULT_QUANTILE = 0.95;
  public static final double DEFAULT_FACTOR = 1.5;
  public static final int DEFAULT_RECENT_RUNS = 20;
  public static final int DEFAULT_MIN_BASELINE_RUNS = 50;
  public static final int DEFAULT_MAX_WORKLOAD_METERS = 200;

  public RuntimeDriftSettings {
    enabled = Settings.orDefault(enabled, true);
    quantile = Settings.between("quantile", Settings.orDefault(quantile, DEFAULT_QUANTILE), 0, 1);
    factor = Settings.orDefault(factor, DEFAULT_FACTOR);
    if (!(factor > 1)) {
      throw new ConfigFieldException("factor", "must be > 1, was " + factor);
    }
    recentRuns = Settings.atLeast("recentRuns", Settings.orDefault(recentRuns, DEFAULT_RECENT_RUNS), 1);
    minBaselineRuns =
        Settings.atLeast(
            "minBaselineRuns", Settings.orDefault(minBaselineRuns, DEFAULT_MIN_BASELINE_RUNS), 1);
    level = Settings.orDefault(level, Level.WARNING);
    maxWorkloadMeters =
        Settings.atLeast(
            "maxWorkloadMeters",
            Settings.orDefault(maxWorkloadMeters, DEFAULT_MAX_WORKLOAD_METERS),
            0);
  }

  public static RuntimeDriftSettings defaults() {
    return new RuntimeDriftSettings(null, null, null, null, null, null, null);
  }
}
