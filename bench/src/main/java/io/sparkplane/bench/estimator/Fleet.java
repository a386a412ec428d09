package io.sparkplane.bench.estimator;

import io.sparkplane.estimator.EstimateRequestJson;
import io.sparkplane.estimator.internal.RunFeatures;
import io.sparkplane.estimator.internal.TrainingRun;
import io.sparkplane.estimator.synthetic.SyntheticHistory;
import io.sparkplane.estimator.synthetic.SyntheticRun;
import java.util.List;

/** Synthetic fleet history shared by the estimator benchmarks. */
final class Fleet {

  static final long START_MS = 1_700_000_000_000L;

  private Fleet() {}

  static List<SyntheticRun> runs(long seed, int count) {
    return new SyntheticHistory(seed, 20, 25).generate(count, START_MS, 1_000);
  }

  static TrainingRun training(SyntheticRun r) {
    return RunFeatures.of(r.run(), r.attached() ? EstimateRequestJson.toJson(r.request()) : null)
        .orElseThrow();
  }
}
