package io.sparkplane.alerting;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The triage classes of the failed runs behind an alert, so on-call sees at a glance whether it is
 * skew, OOM or an external system. Runs without a triage verdict count as {@value #UNKNOWN}.
 *
 * @param dominantClass the most frequent class ({@value #UNKNOWN} if none is known)
 * @param counts runs per class, most frequent first
 * @param examples a few runs with their class and one-line summary, newest first
 */
public record Classification(String dominantClass, Map<String, Integer> counts, List<Example> examples) {

  public static final String UNKNOWN = "UNKNOWN";

  public static final Classification NONE = new Classification(UNKNOWN, Map.of(), List.of());

  public Classification {
    Objects.requireNonNull(dominantClass, "dominantClass");
    counts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(counts));
    examples = List.copyOf(examples);
  }

  /** One classified run. */
  public record Example(String tenant, String runId, String triageClass, String summary) {}
}
