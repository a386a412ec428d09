package io.sparkplane.triage;

import java.util.List;
import java.util.Objects;

/**
 * What one detector concluded: a class, how sure it is, a one-line summary and its evidence.
 *
 * @param confidence in (0, 1]
 */
public record Finding(TriageClass triageClass, double confidence, String summary, List<Evidence> evidence) {

  public Finding {
    Objects.requireNonNull(triageClass, "triageClass");
    Objects.requireNonNull(summary, "summary");
    if (!(confidence > 0 && confidence <= 1)) {
      throw new IllegalArgumentException("confidence must be in (0, 1], was " + confidence);
    }
    evidence = List.copyOf(evidence);
  }
}
