package io.sparkplane.alerting.config;

import io.sparkplane.alerting.Level;
import io.sparkplane.alerting.Scope;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Fire when at least {@code threshold} runs end {@code FAILED} or {@code LOST} within a sliding
 * {@code window} of end (event) time, counted exactly, separately for each scope.
 *
 * @param enabled default true
 * @param threshold default {@value #DEFAULT_THRESHOLD}
 * @param window default 10m
 * @param scopes default tenant, region, global
 * @param level default critical
 */
public record FailureBurstSettings(
    @Nullable Boolean enabled,
    @Nullable Integer threshold,
    @Nullable Duration window,
    @Nullable List<Scope> scopes,
    @Nullable Level level) {

  public static final int DEFAULT_THRESHOLD = 5;
  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(10);
  public static final List<Scope> DEFAULT_SCOPES = List.of(Scope.TENANT, Scope.REGION, Scope.GLOBAL);

  public FailureBurstSettings {
    enabled = Settings.orDefault(enabled, true);
    threshold = Settings.atLeast("threshold", Settings.orDefault(threshold, DEFAULT_THRESHOLD), 1);
    window = Settings.positive("window", Settings.orDefault(window, DEFAULT_WINDOW));
    scopes = ScopeList.check("scopes", Settings.orDefault(scopes, DEFAULT_SCOPES), false);
    level = Settings.orDefault(level, Level.CRITICAL);
  }

  public static FailureBurstSettings defaults() {
    return new FailureBurstSettings(null, null, null, null, null);
  }
}
