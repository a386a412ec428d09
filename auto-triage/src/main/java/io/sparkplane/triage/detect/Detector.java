package io.sparkplane.triage.detect;

import io.sparkplane.triage.Finding;
import java.util.List;

/** Looks for one family of signals in a run. Implementations are stateless and thread-safe. */
public interface Detector {

  List<Finding> detect(RunFacts run);
}
