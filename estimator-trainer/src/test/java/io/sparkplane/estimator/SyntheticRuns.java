package io.sparkplane.estimator;

import io.sparkplane.estimator.internal.RunFeatures;
import io.sparkplane.estimator.internal.TrainingRun;
import io.sparkplane.estimator.synthetic.SyntheticHistory;
import io.sparkplane.estimator.synthetic.SyntheticRun;
import java.util.List;

/** Synthetic history as training rows, for tests. */
final class SyntheticRuns {

  static final long START_MS = 1_700_000_000_000L;

  private SyntheticRuns() {}

  static List<SyntheticRun> fleet(long seed, int count) {
    return new SyntheticHistory(seed, 4, 10).generate(count, START_MS, 60_000);
  }

  static List<TrainingRun> training(List<SyntheticRun> runs) {
    return runs.stream()
        .map(r -> RunFeatures.of(r.run(), r.attached() ? EstimateRequestJson.toJson(r.request()) : null))
        .map(o -> o.orElseThrow())
        .toList();
  }
}
