package io.sparkplane.alerting.engine;

/**
 * The rules' names in alert keys, and the alert names they carry in Alertmanager and in the shipped
 * Prometheus rules.
 */
public final class RuleNames {

  public static final String FAILURE_BURST = "failure-burst";
  public static final String SLA_MISSED = "sla-missed";
  public static final String RUNTIME_DRIFT = "runtime-drift";
  /** Followed by the window pair, e.g. {@code slo-burn-1h-5m}. */
  public static final String SLO_BURN_PREFIX = "slo-burn-";

  private RuleNames() {}

  /** {@code SparkplaneFailureBurst}, {@code SparkplaneSloBurn}, {@code SparkplaneSlaMissed}, ... */
  public static String alertName(String rule) {
    if (rule.startsWith(SLO_BURN_PREFIX)) {
      return "SparkplaneSloBurn";
    }
    return switch (rule) {
      case FAILURE_BURST -> "SparkplaneFailureBurst";
      case SLA_MISSED -> "SparkplaneSlaMissed";
      case RUNTIME_DRIFT -> "SparkplaneRuntimeDrift";
      default -> "Sparkplane";
    };
  }

  /** The burn window pair of an SLO rule ({@code 1h-5m}), or empty for other rules. */
  public static String burnWindow(String rule) {
    return rule.startsWith(SLO_BURN_PREFIX) ? rule.substring(SLO_BURN_PREFIX.length()) : "";
  }
}
