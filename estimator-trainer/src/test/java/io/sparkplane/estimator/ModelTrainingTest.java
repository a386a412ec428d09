package io.sparkplane.estimator;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkplane.estimator.internal.FeatureSchema;
import io.sparkplane.estimator.internal.FeatureTable;
import io.sparkplane.estimator.internal.ModelTrainer;
import io.sparkplane.estimator.internal.Prediction;
import io.sparkplane.estimator.internal.Quantiles;
import io.sparkplane.estimator.internal.RuntimeModel;
import io.sparkplane.estimator.internal.TrainingRun;
import io.sparkplane.estimator.internal.WorkloadHistory;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Model training")
class ModelTrainingTest {

  private static final EstimatorSettings SETTINGS = EstimatorSettings.builder().trees(150).build();

  @Test
  @DisplayName("gives each run only the history of earlier runs of its workload")
  void noLeakage() {
    List<TrainingRun> runs = SyntheticRuns.training(SyntheticRuns.fleet(1, 2_000));
    FeatureTable table = FeatureTable.of(runs);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < runs.size(); i++) {
      double count = table.rows()[i][12];
      if (seen.add(runs.get(i).workloadKey())) {
        assertThat(count).as("first run of %s", runs.get(i).workload()).isZero();
      } else {
        assertThat(count).isBetween(1.0, (double) WorkloadHistory.WINDOW);
      }
    }
  }

  @Test
  @DisplayName("predicts later synthetic runs within 20% median error and covers peak memory at its high quantile")
  void accurateOnLaterRuns() {
    List<TrainingRun> runs = SyntheticRuns.training(SyntheticRuns.fleet(2, 6_000));
    List<TrainingRun> earlier = runs.subList(0, 5_000);
    RuntimeModel model = new ModelTrainer(SETTINGS).fit(earlier, "v1", 0);

    FeatureTable all = FeatureTable.of(runs);
    double[] ape = new double[1_000];
    int covered = 0;
    for (int i = 5_000; i < 6_000; i++) {
      Prediction p = model.predict(all.rows()[i]);
      ape[i - 5_000] = Math.abs(p.runtimeMedianMs() / runs.get(i).durationMs() - 1);
      if (p.peakUpperBytes() >= runs.get(i).peakTaskMemoryBytes()) {
        covered++;
      }
    }
    assertThat(Quantiles.of(ape, 0.5)).isLessThan(0.20);
    assertThat(covered).isGreaterThanOrEqualTo(950);
    assertThat(model.info().schemaVersion()).isEqualTo(FeatureSchema.VERSION);
    assertThat(model.info().calibrationMdape()).isBetween(0.0, 0.25);
  }
}
