package io.sparkplane.triage.detect;

import io.sparkplane.triage.Finding;
import io.sparkplane.triage.TriageClass;
import java.util.List;

/** Reduce tasks that could not fetch shuffle blocks (lost executors, shuffle service, network). */
public final class ShuffleFetchDetector implements Detector {

  static final List<Signature> SIGNATURES =
      List.of(
          Signature.of(
              TriageClass.SHUFFLE_FETCH_FAILURE,
              "MetadataFetchFailedException|Missing an output location for shuffle",
              0.95,
              "Shuffle output lost (executor gone)"),
          Signature.of(
              TriageClass.SHUFFLE_FETCH_FAILURE,
              "FetchFailedException|FetchFailed\\(|^FetchFailed$|ShuffleFetchFailed|Failed to fetch shuffle",
              0.93,
              "Shuffle fetch failed"));

  @Override
  public List<Finding> detect(RunFacts run) {
    var matched = Signature.first(run, SIGNATURES, false);
    if (matched.isPresent()) {
      return List.of(matched.get());
    }
    // A task end reason of kind FetchFailed, whatever its text says
    for (ErrorLine line : run.errorLines()) {
      if (line.fetchFailure()) {
        return List.of(SIGNATURES.get(1).finding(line));
      }
    }
    return List.of();
  }
}
