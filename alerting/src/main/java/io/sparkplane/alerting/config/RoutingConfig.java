package io.sparkplane.alerting.config;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * When notifications go out.
 *
 * @param groupWait delay between an alert firing and its first notification, so that the triage
 *     verdicts of its runs can land first; default 2s
 * @param repeatInterval how often a still-firing alert is notified again; default 4h (a notifier may
 *     override it: Alertmanager's default is 1m, as Alertmanager expires alerts that are not resent)
 * @param holdDown how long the condition must stay clear before the alert resolves; a new breach
 *     within it keeps the alert firing without a new page; default 2m
 * @param evaluationInterval how often windows are re-evaluated for resolution and repeats; default 1s
 * @param recentLimit resolved alerts kept for {@code GET /api/v1/alerts}; default 500
 * @param examplesPerAlert runs kept per alert for its classification and examples; default 20
 */
public record RoutingConfig(
    @Nullable Duration groupWait,
    @Nullable Duration repeatInterval,
    @Nullable Duration holdDown,
    @Nullable Duration evaluationInterval,
    @Nullable Integer recentLimit,
    @Nullable Integer examplesPerAlert) {

  public static final Duration DEFAULT_GROUP_WAIT = Duration.ofSeconds(2);
  public static final Duration DEFAULT_REPEAT_INTERVAL = Duration.ofHours(4);
  public static final Duration DEFAULT_HOLD_DOWN = Duration.ofMinutes(2);
  public static final Duration DEFAULT_EVALUATION_INTERVAL = Duration.ofSeconds(1);

  public RoutingConfig {
    groupWait = Settings.notNegative("groupWait", Settings.orDefault(groupWait, DEFAULT_GROUP_WAIT));
    repeatInterval =
        Settings.positive("repeatInterval", Settings.orDefault(repeatInterval, DEFAULT_REPEAT_INTERVAL));
    holdDown = Settings.notNegative("holdDown", Settings.orDefault(holdDown, DEFAULT_HOLD_DOWN));
    evaluationInterval =
        Settings.positive(
            "evaluationInterval", Settings.orDefault(evaluationInterval, DEFAULT_EVALUATION_INTERVAL));
    recentLimit = Settings.atLeast("recentLimit", Settings.orDefault(recentLimit, 500), 0);
    examplesPerAlert = Settings.atLeast("examplesPerAlert", Settings.orDefault(examplesPerAlert, 20), 1);
  }

  public static RoutingConfig defaults() {
    return new RoutingConfig(null, null, null, null, null, null);
  }

  public RoutingConfig withGroupWait(Duration wait) {
    return new RoutingConfig(wait, repeatInterval, holdDown, evaluationInterval, recentLimit, examplesPerAlert);
  }

  public RoutingConfig withHoldDown(Duration hold) {
    return new RoutingConfig(groupWait, repeatInterval, hold, evaluationInterval, recentLimit, examplesPerAlert);
  }

  public RoutingConfig withRepeatInterval(Duration repeat) {
    return new RoutingConfig(groupWait, repeat, holdDown, evaluationInterval, recentLimit, examplesPerAlert);
  }
}
