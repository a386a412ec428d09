package io.sparkplane.triage.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sparkplane.triage.TriageClass;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@code sparkplane_triage_verdicts_total{class}}, one counter per class created at zero so that
 * rates and alerts work before the first verdict of a class. Internal.
 */
public final class TriageMetrics {

  public static final String VERDICTS = "sparkplane_triage_verdicts";

  private final Map<TriageClass, Counter> verdicts = new EnumMap<>(TriageClass.class);

  public TriageMetrics(MeterRegistry registry) {
    for (TriageClass c : TriageClass.values()) {
      verdicts.put(
          c,
          Counter.builder(VERDICTS)
              .description("Triage verdicts stored, by primary class")
              .tag("class", c.name())
              .register(registry));
    }
  }

  public void verdict(TriageClass c) {
    verdicts.get(c).increment();
  }
}
