package io.sparkplane.triage;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A concrete change that addresses a class: a description and the Spark settings it names, with a
 * suggested value or a direction ({@code "increase"}) where the value depends on the run. The retry
 * policy turns these into conf overrides.
 *
 * @param action short imperative, e.g. {@code "Let AQE split skewed partitions"}
 * @param settings Spark settings, in the order to apply them
 */
public record Remedy(String action, Map<String, String> settings) {

  public Remedy {
    Objects.requireNonNull(action, "action");
    settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
  }
}
