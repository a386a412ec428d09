package io.sparkplane.triage.detect;

import io.sparkplane.triage.Finding;
import io.sparkplane.triage.TriageClass;
import java.util.List;

/** Results bigger than {@code spark.driver.maxResultSize} (Spark's TaskSetManager text). */
public final class ResultSizeDetector implements Detector {

  static final List<Signature> SIGNATURES =
      List.of(
          Signature.of(
              TriageClass.RESULT_SIZE_EXCEEDED,
              "Total size of serialized results of \\d+ tasks .* is bigger than (spark\\.driver\\.)?maxResultSize",
              0.97,
              "Results exceeded spark.driver.maxResultSize"),
          Signature.of(
              TriageClass.RESULT_SIZE_EXCEEDED,
              "bigger than (the )?spark\\.driver\\.maxResultSize|\\[?TOTAL_SIZE_OF_SERIALIZED_RESULTS",
              0.95,
              "Results exceeded spark.driver.maxResultSize"));

  @Override
  public List<Finding> detect(RunFacts run) {
    return Signature.first(run, SIGNATURES, false).stream().toList();
  }
}
