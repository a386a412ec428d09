package io.sparkplane.estimator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkplane.estimator.EstimatorSettings;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The runtime trees on top of the size prior")
class RuntimeTreesTest {

  private static final String[] WORKLOADS = {"t\u0000a", "t\u0000b", "t\u0000c"};

  /**
   * {@code n} runs of three workloads on log-log size lines (slope 0.8), input 1 MB to 1 GB, on 2 to
   * 16 cores; runtime ∝ cores^-coreExponent, times log-normal noise σ.
   */
  private static FeatureTable runs(int n, double coreExponent, double sigma, long seed) {
    Random random = new Random(seed);
    double[][] rows = new double[n][];
    double[] logRuntime = new double[n];
    double[] logPeak = new double[n];
    String[] keys = new String[n];
    int[] seen = new int[WORKLOADS.length];
    for (int i = 0; i < n; i++) {
      int w = random.nextInt(WORKLOADS.length);
      double x = Math.log1p(Math.exp(Math.log(1e6) + random.nextDouble() * Math.log(1e3)));
      int cores = 2 << random.nextInt(4);
      double[] row = new double[FeatureSchema.WIDTH + 1];
      row[0] = x - 4;
      row[1] = x;
      row[2] = x;
      row[3] = x - 4;
      row[4] = 1;
      row[10] = Math.log(cores);
      row[11] = 2;
      row[12] = Math.min(seen[w]++, WorkloadHistory.WINDOW);
      rows[i] = row;
      keys[i] = WORKLOADS[w];
      logRuntime[i] = w + 0.8 * (x - 14) + 6 - coreExponent * Math.log(cores) + sigma * random.nextGaussian();
      logPeak[i] = Math.log1p(64e6);
    }
    return new FeatureTable(rows, logRuntime, logPeak, keys);
  }

  @Test
  @DisplayName("are kept when runtime depends on something the size prior does not see (cores)")
  void kept() {
    smile.math.MathEx.setSeed(1);
    FeatureTable table = runs(600, 0.9, 0.05, 7);
    RuntimeModel model = new ModelTrainer(EstimatorSettings.defaults()).fit(table, "v1", 0);
    assertThat(model.usesRuntimeTrees()).isTrue();
    double[] twoCores = table.rows()[0].clone();
    twoCores[10] = Math.log(2);
    double[] sixteen = twoCores.clone();
    sixteen[10] = Math.log(16);
    assertThat(model.predictLogRuntime(twoCores, WORKLOADS[0]) - model.predictLogRuntime(sixteen, WORKLOADS[0]))
        .isGreaterThan(0.9 * Math.log(8) * 0.7);
  }

  @Test
  @DisplayName("are mostly dropped when all that is left after the size prior is noise")
  void dropped() {
    int kept = 0;
    for (long seed = 0; seed < 10; seed++) {
      smile.math.MathEx.setSeed(1);
      FeatureTable table = runs(300, 0, 0.4, seed);
      if (new ModelTrainer(EstimatorSettings.defaults()).fit(table, "v1", 0).usesRuntimeTrees()) {
        kept++;
      }
    }
    assertThat(kept).as("histories of 10 whose trees were kept").isLessThanOrEqualTo(2);
  }
}
