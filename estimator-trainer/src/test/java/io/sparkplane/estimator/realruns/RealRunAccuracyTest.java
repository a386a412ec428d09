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
   * What holds on the committed fixture (docs/estimator.md has the table). The memory goal (peak
   * covered in 98% of runs with at most 30% median slack) holds. The runtime goals (MdAPE at most
   * 20% and half the per-workload median's) are not met on it: runs with identical inputs differ by
   * about 2x in runtime on this shared machine (the noise-floor row), which no pre-run predictor can
   * remove.
   */
  @Test
  @DisplayName("the estimator beats the per-workload median and size-scaled linear baselines, and its memory budget covers 98% of peaks with at most 30% median slack")
  void accuracy() throws Exception {
    List<TrainingRun> runs = historyThroughStore(RealRunFixture.FILE, dir);
    assertThat(runs).hasSizeGreaterThan(100);
    assertThat(runs).allMatch(TrainingRun::fromEstimate);

    AccuracyReport.Result result = AccuracyReport.evaluate(runs, TRAIN_SHARE, SETTINGS);
    System.out.println(result.markdown());

    double model = result.row("estimator (Smile GBT, log target)").mdape();
    assertThat(model).isLessThan(result.row("per-workload median runtime").mdape());
    assertThat(model).isLessThan(result.row("per-workload size-scaled linear").mdape());
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
