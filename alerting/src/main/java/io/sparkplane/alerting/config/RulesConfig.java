package io.sparkplane.alerting.config;

import org.jspecify.annotations.Nullable;

/** The built-in rules; each omitted rule takes its defaults (and is enabled). */
public record RulesConfig(
    @Nullable FailureBurstSettings failureBurst,
    @Nullable SuccessRateSloSettings successRateSlo,
    @Nullable SlaDeadlineSettings slaDeadline,
    @Nullable RuntimeDriftSettings runtimeDrift) {

  public RulesConfig {
    failureBurst = Settings.orDefault(failureBurst, FailureBurstSettings.defaults());
    successRateSlo = Settings.orDefault(successRateSlo, SuccessRateSloSettings.defaults());
    slaDeadline = Settings.orDefault(slaDeadline, SlaDeadlineSettings.defaults());
    runtimeDrift = Settings.orDefault(runtimeDrift, RuntimeDriftSettings.defaults());
  }

  public static RulesConfig defaults() {
    return new RulesConfig(null, null, null, null);
  }
}
