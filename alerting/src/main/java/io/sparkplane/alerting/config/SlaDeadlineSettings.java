package io.sparkplane.alerting.config;

import io.sparkplane.alerting.Level;
import io.sparkplane.alerting.Scope;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Fire when at least {@code threshold} runs ended after their SLA deadline ({@code
 * identity.slaDeadlineMs}) within the sliding {@code window}, per scope.
 *
 * @param enabled default true
 * @param threshold default 1
 * @param window default 1h
 * @param scopes default tenant, workload
 * @param level default warning
 */
public record SlaDeadlineSettings(
    @Nullable Boolean enabled,
    @Nullable Integer threshold,
    @Nullable Duration window,
    @Nullable List<Scope> scopes,
    @Nullable Level level) {

  public static final Duration DEFAULT_WINDOW = Duration.ofHours(1);

  public SlaDeadlineSettings {
    enabled = Settings.orDefault(enabled, true);
    threshold = Settings.atLeast("threshold", Settings.orDefault(threshold, 1), 1);
    window = Settings.positive("window", Settings.orDefault(window, DEFAULT_WINDOW));
    scopes = ScopeList.check("scopes", Settings.orDefault(scopes, List.of(Scope.TENANT, Scope.WORKLOAD)), true);
    level = Settings.orDefault(level, Level.WARNING);
  }

  public static SlaDeadlineSettings defaults() {
    return new SlaDeadlineSettings(null, null, null, null, null);
  }
}
