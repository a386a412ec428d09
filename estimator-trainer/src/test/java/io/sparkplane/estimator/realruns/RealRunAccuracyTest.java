package io.sparkplane.estimator.realruns;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkplane.collector.store.h2.H2RunStore;
import io.sparkplane.estimator.EstimatorSettings;
import io.sparkplane.estimator.internal.HistoryReader;
import io.sparkplane.estimator.internal.TrainingHistory;
import io.sparkplane.estimator.internal.TrainingRun;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("On real local-Spark runs held out by time")
class RealRunAccuracyTest {

  /** The settings docs/estimator.md reports on. */
  static final EstimatorSettings SETTINGS = EstimatorSettings.defaults();
  static final double TRAIN_SHARE = 0.7;

  @TempDir Path dir;

  static List<TrainingRun> historyThroughStore(Path fixture, Path dataDir) throws Exception {
    List<RealRunFixture.Line> lines = RealRunFixture.read(fixture);
    try (H2RunStore store = H2RunStore.open(dataDir, Clock.systemUTC())) {
      RealRunFixture.load(lines, store);
      TrainingHistory history = new TrainingHistory(1_000_000);
      new HistoryReader(store, history, Duration.ofDays(1)).catchUp();
      return history.sortedSnapshot();
    }
  }

  /**
   * What holds on the committed fixture (docs/estimator.md has the table). Runtime: the goals,
   * a median absolute percentage error of at most 20% and at least 2x under the per-workload
   * median's; also a p90 error at least 1.3x under the size-scaled linear baseline's and a larger
   * share within 20%. Memory: the goal, a budget that covers at least 98% of peaks with a
   * median slack of at most 30% (so that a budget covering everything by being huge fails).
   */
  @Test
  @DisplayName("the estimator's runtime error is at most 20% at the median and at least 2x under the per-workload median's, beats the size-scaled linear baseline in the tail and the within-20% share, and its memory budget covers 98% of peaks with a median slack of at most 30%")
  void accuracy() throws Exception {
    List<TrainingRun> runs = historyThroughStore(RealRunFixture.FILE, dir);
    assertThat(runs).hasSizeGreaterThan(100);
    assertThat(runs).allMatch(TrainingRun::fromEstimate);

    AccuracyReport.Result result = AccuracyReport.evaluate(runs, TRAIN_SHARE, SETTINGS);
    System.out.println(result.markdown());

    AccuracyReport.Row model = result.row(AccuracyReport.ESTIMATOR);
    AccuracyReport.Row median = result.row(AccuracyReport.MEDIAN);
    AccuracyReport.Row linear = result.row(AccuracyReport.LINEAR);
    assertThat(model.mdape()).isLessThanOrEqualTo(0.20);
    assertThat(model.mdape() * 2).isLessThanOrEqualTo(median.mdape());
    assertThat(model.p90ape() * 1.3).isLessThan(linear.p90ape());
    assertThat(model.within20()).isGreaterThan(linear.within20());
    assertThat(result.memoryCoverage()).isGreaterThanOrEqualTo(0.98);
    assertThat(result.memoryMedianSlack()).isLessThanOrEqualTo(0.30);
  }

  /** Prints the report for docs/estimator.md: {@code java ... RealRunAccuracyTest [fixture]}. */
  public static void main(String[] args) throws Exception {
    Path fixture = args.length > 0 ? Path.of(args[0]) : RealRunFixture.FILE;
    Path tmp = java.nio.file.Files.createTempDirectory("estimator-accuracy");
    List<TrainingRun> runs = historyThroughStore(fixture, tmp);
    if (args.length > 1) { // experiments: trees maxNodes shrinkage maxDepth
      EstimatorSettings s =
          EstimatorSettings.builder().trees(Integer.parseInt(args[1])).maxNodes(Integer.parseInt(args[2]))
              .shrinkage(Double.parseDouble(args[3])).maxDepth(Integer.parseInt(args[4])).build();
      System.out.println(AccuracyReport.evaluate(runs, TRAIN_SHARE, s).markdown());
      return;
    }
    System.out.println(AccuracyReport.evaluate(runs, TRAIN_SHARE, SETTINGS).markdown());
  }
}
