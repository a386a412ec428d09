package io.sparkplane.estimator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.sparkplane.estimator.JobFeatures;
import io.sparkplane.estimator.OutputKind;
import io.sparkplane.estimator.TableInput;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The peak-memory model")
class MemoryModelTest {

  private static final double TARGET = 128 << 20;
  private static final long MB = 1 << 20;

  /** Peak = floor + 2.5 x bytes per task (local[2]: four tasks below the partition target). */
  private static TrainingRun run(String workload, int i, long bytes, long floor, double noise) {
    long peak = Math.round((floor + 2.5 * bytes / 4.0) * noise);
    return new TrainingRun(
        "t", workload, workload + i, i, new JobFeatures(List.of(new TableInput("f", bytes / 16, bytes)), 0, 0, OutputKind.FILES),
        1, 2, 1_000, peak, true);
  }

  private static double[] row(long bytes) {
    double[] row = new double[FeatureSchema.WIDTH + 1];
    FeatureSchema.fill(
        row, new JobFeatures(List.of(new TableInput("f", bytes / 16, bytes)), 0, 0, OutputKind.FILES), 1, 2, WorkloadStats.NONE);
    return row;
  }

  @Test
  @DisplayName("learns each workload's floor and a growth shared by all, so it extrapolates a workload to sizes only another one reached")
  void floorAndSharedGrowth() {
    List<TrainingRun> runs = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      runs.add(run("small", i, (1L << 20) << (i % 5), 32 * MB, 1)); // 1-16 MB only
      runs.add(run("large", 100 + i, (1L << 20) << (i % 7), 96 * MB, 1)); // 1-64 MB
    }
    FeatureTable table = FeatureTable.of(runs);
    MemoryModel model = MemoryModel.fit(table, 0, table.size(), TARGET);

    assertThat(model.predict(row(1 << 20), "t\u0000small")[0]).isCloseTo(32 * MB + 2.5 * MB / 4, within(0.5 * MB));
    // The floor is the smallest peak seen, which holds a little growth already: extrapolation errs
    // high, by a few percent.
    assertThat(model.predict(row(64 << 20), "t\u0000small")[0]).isCloseTo(32 * MB + 40 * MB, withinPercentage(8));
    assertThat(model.predict(row(64 << 20), "t\u0000large")[0]).isCloseTo(96 * MB + 40 * MB, withinPercentage(5));
    assertThat(model.knows("t\u0000other")).isFalse();
    assertThat(model.predict(row(64 << 20), "t\u0000other")).isNull();
  }

  @Test
  @DisplayName("predicts a size the workload ran at with the peak it had there, and between two sizes a peak between theirs, where one growth curve would miss the power-of-two steps")
  void observedPeaksWhereTheWorkloadRan() {
    // A floor of 32 MB plus growth in power-of-two steps: 1 MB below 4 MB of input, then 16 MB.
    long[] sizes = {1 << 20, 2 << 20, 4 << 20, 16 << 20, 32 << 20};
    long[] peaks = {32 * MB, 33 * MB, 33 * MB, 48 * MB, 48 * MB};
    List<TrainingRun> runs = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      int k = i % sizes.length;
      runs.add(
          new TrainingRun(
              "t", "w", "w" + i, i,
              new JobFeatures(List.of(new TableInput("f", sizes[k] / 16, sizes[k])), 0, 0, OutputKind.FILES),
              1, 2, 1_000, peaks[k], true));
    }
    FeatureTable table = FeatureTable.of(runs);
    MemoryModel model = MemoryModel.fit(table, 0, table.size(), TARGET);

    for (int k = 0; k < sizes.length; k++) {
      assertThat(model.predict(row(sizes[k]), "t\u0000w")[0]).isCloseTo(peaks[k], within(1.0));
    }
    assertThat(model.predict(row(8 << 20), "t\u0000w")[0]).isStrictlyBetween(33.0 * MB, 48.0 * MB);
    assertThat(model.predict(row(64 << 20), "t\u0000w")[0]).isGreaterThan(48 * MB);
    double previous = 0;
    for (long bytes = 1 << 19; bytes <= 128L << 20; bytes += 1 << 19) {
      double predicted = model.predict(row(bytes), "t\u0000w")[0];
      assertThat(predicted).as("prediction at %d bytes", bytes).isGreaterThanOrEqualTo(previous);
      previous = predicted;
    }
  }

  @Test
  @DisplayName("bounds a run by a multiple of its size-dependent part: tight where the floor dominates, wide where it does not")
  void boundScalesWithTheGrowingPart() {
    MemoryModel model = calibratedOnNoisyRuns(7).model();

    double[] small = model.predict(row(1 << 20), "t\u0000w");
    double[] large = model.predict(row(64 << 20), "t\u0000w");
    assertThat(small[1] / small[0]).isGreaterThan(1).isLessThan(large[1] / large[0]);
  }

  @Test
  @DisplayName("covers about 98% of fresh runs from the same workload: at least 97% averaged over 40 histories")
  void coversFreshRuns() {
    int covered = 0;
    int total = 0;
    for (int seed = 1; seed <= 40; seed++) {
      Calibrated c = calibratedOnNoisyRuns(seed);
      for (int i = 200; i < 400; i++) {
        total++;
        if (c.model().predict(c.table().rows()[i], "t\u0000w")[1] >= Math.expm1(c.table().logPeak()[i])) {
          covered++;
        }
      }
    }
    assertThat((double) covered / total).isGreaterThanOrEqualTo(0.97);
  }

  private record Calibrated(MemoryModel model, FeatureTable table) {}

  /**
   * 400 runs of one workload, 5% noise on the peak: fitted on the first 100, calibrated on the next
   * 100, refitted on all 200 (as the trainer does); runs 200-399 are fresh ones.
   */
  private static Calibrated calibratedOnNoisyRuns(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<TrainingRun> runs = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      runs.add(run("w", i, (1L << 20) << (i % 7), 32 * MB, Math.exp(0.05 * random.nextGaussian())));
    }
    FeatureTable table = FeatureTable.of(runs);
    MemoryModel fitted = MemoryModel.fit(table, 0, 100, TARGET);
    String[] keys = new String[100];
    double[] scores = new double[100];
    for (int i = 100; i < 200; i++) {
      keys[i - 100] = table.workloadKeys()[i];
      scores[i - 100] = fitted.score(table.rows()[i], keys[i - 100], Math.expm1(table.logPeak()[i]));
    }
    return new Calibrated(MemoryModel.fit(table, 0, 200, TARGET).calibrated(keys, scores, 0.98), table);
  }

  @Test
  @DisplayName("ignores runs without a peak metric: they neither lower the floor nor count as calibration scores")
  void runsWithoutPeak() {
    List<TrainingRun> runs = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      runs.add(run("w", i, (1L << 20) << (i % 5), 32 * MB, 1));
    }
    runs.add(run("w", 99, 4 << 20, 0, 0)); // peak 0
    FeatureTable table = FeatureTable.of(runs);
    MemoryModel model = MemoryModel.fit(table, 0, table.size(), TARGET);

    assertThat(model.predict(row(1 << 20), "t\u0000w")[0]).isCloseTo(32 * MB + 2.5 * MB / 4, within(0.5 * MB));
    assertThat(model.score(table.rows()[12], "t\u0000w", 0)).isNaN();
    assertThat(model.score(table.rows()[0], "t\u0000w", 40 * MB)).isFinite().isPositive();
  }

  @Test
  @DisplayName("takes the ceil((n+1)q)-th smallest score as its quantile, the largest when n is too small for q")
  void conformalRank() {
    double[] ninetyNine = new double[99];
    for (int i = 0; i < 99; i++) {
      ninetyNine[98 - i] = i + 1; // 99..1, unsorted
    }
    assertThat(MemoryModel.conformal(ninetyNine, 0.98)).isEqualTo(98);
    assertThat(MemoryModel.conformal(new double[] {3, 1, 2}, 0.98)).isEqualTo(3);
    assertThat(MemoryModel.conformal(new double[0], 0.98)).isZero();
  }
}
