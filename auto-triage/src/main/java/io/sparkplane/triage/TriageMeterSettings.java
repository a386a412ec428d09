package io.sparkplane.triage;

import java.util.Map;

/**
 * Limits of the triage meters. Key {@code triage.metrics.maxFingerprints}: distinct {@code
 * fingerprint} label values of {@code sparkplane_triage_fingerprint_runs_total} (default {@value
 * #DEFAULT_MAX_FINGERPRINTS}); later fingerprints are counted under {@code fingerprint="_other"}.
 * The {@code tenant} label of the triage and retry meters is capped by the collector's {@code
 * maxTenantMeters}.
 *
 * <pre>{@code
 * TriageMeterSettings m = TriageMeterSettings.fromProperties(Map.of("triage.metrics.maxFingerprints", "500"));
 * new TriageExtension(TriageSettings.defaults(), m);
 * }</pre>
 *
 * @param maxFingerprints {@code triage.metrics.maxFingerprints}, at least 1
 */
public record TriageMeterSettings(int maxFingerprints) {

  public static final String MAX_FINGERPRINTS_KEY = "triage.metrics.maxFingerprints";

  /**
   * A fingerprint is one class × tenant × workload that failed; 200 covers a fleet's distinct
   * recurring problems (a top-10 panel needs far fewer) at 200 series.
   */
  public static final int DEFAULT_MAX_FINGERPRINTS = 200;

  public TriageMeterSettings {
    if (maxFingerprints < 1) {
      throw new IllegalArgumentException(MAX_FINGERPRINTS_KEY + " must be >= 1, was " + maxFingerprints);
    }
  }

  public static TriageMeterSettings defaults() {
    return new TriageMeterSettings(DEFAULT_MAX_FINGERPRINTS);
  }

  /** Reads {@value #MAX_FINGERPRINTS_KEY}; absent keeps the default; a bad value fails naming the key. */
  public static TriageMeterSettings fromProperties(Map<String, String> props) {
    String v = props.get(MAX_FINGERPRINTS_KEY);
    if (v == null || v.isBlank()) {
      return defaults();
    }
    try {
      return new TriageMeterSettings(Integer.parseInt(v.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(MAX_FINGERPRINTS_KEY + " must be an integer, was '" + v + "'", e);
    }
  }
}
