package io.sparkplane.bench.estimator;

import io.sparkplane.estimator.EstimateRequestJson;
import io.sparkplane.estimator.EstimatorSettings;
import io.sparkplane.estimator.internal.FeatureTable;
import io.sparkplane.estimator.internal.ModelFile;
import io.sparkplane.estimator.internal.ModelTrainer;
import io.sparkplane.estimator.internal.RunFeatures;
import io.sparkplane.estimator.internal.RuntimeModel;
import io.sparkplane.estimator.internal.TrainingHistory;
import io.sparkplane.estimator.internal.TrainingRun;
import io.sparkplane.estimator.synthetic.SyntheticHistory;
import io.sparkplane.estimator.synthetic.SyntheticRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Training time on synthetic history: {@code --runs} stored runs (80% with an estimate attachment
 * as JSON) are turned into training rows (attachment parsing, summary features), put in the
 * training history, sorted, featurised with per-workload history, fitted with the default
 * settings (trees on the most recent {@code maxTrainingRows}), and written as a model file. The
 * clock starts after the runs exist in memory: reading them from a store is not timed here.
 *
 * <pre>
 * java -Xmx8g -cp ... io.sparkplane.bench.estimator.EstimatorTrainingBench --runs 1000000
 * </pre>
 */
public final class EstimatorTrainingBench {

  private EstimatorTrainingBench() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.log.smile", "warn"); // one INFO line per tree
    Options options = new Options(args, Map.of("runs", "1000000"));
    int count = options.integer("runs");
    long genStart = System.nanoTime();
    SyntheticHistory fleet = new SyntheticHistory(7, 20, 25);
    List<SyntheticRun> runs = fleet.generate(count, Fleet.START_MS, 1_000);
    var attachments =
        runs.stream().map(r -> r.attached() ? EstimateRequestJson.toJson(r.request()) : null).toList();
    System.out.printf(Locale.ROOT, "generated %d synthetic runs in %.1f s (not timed)%n", count, secs(genStart));

    EstimatorSettings settings = EstimatorSettings.defaults();
    long start = System.nanoTime();
    long cpuStart = processCpuNanos();
    TrainingHistory history = new TrainingHistory(settings.maxHistoryRuns());
    for (int i = 0; i < runs.size(); i++) {
      RunFeatures.of(runs.get(i).run(), attachments.get(i)).ifPresent(history::add);
    }
    double extract = secs(start);
    long t1 = System.nanoTime();
    List<TrainingRun> sorted = history.sortedSnapshot();
    FeatureTable table = FeatureTable.of(sorted);
    double featurise = secs(t1);
    long t2 = System.nanoTime();
    RuntimeModel model = new ModelTrainer(settings).fit(table, "bench", 0);
    double fit = secs(t2);
    long t3 = System.nanoTime();
    Path file = Files.createTempFile("estimator-bench", ".model");
    ModelFile.write(model, file);
    double write = secs(t3);
    double total = secs(start);
    double cpu = (processCpuNanos() - cpuStart) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "runs=%d cores=%d trees=%d maxTrainingRows=%d%n"
            + "extract %.1f s, sort+featurise %.1f s, fit (trial + final, runtime + memory) %.1f s,"
            + " write %.1f s (%d KiB)%nTOTAL %.1f s wall, %.1f s process CPU; calibration MdAPE %.1f%%%n",
        count, Runtime.getRuntime().availableProcessors(), settings.trees(), settings.maxTrainingRows(),
        extract, featurise, fit, write, Files.size(file) / 1024, total, cpu,
        model.info().calibrationMdape() * 100);
    Files.delete(file);
  }

  /** CPU time of the whole JVM (all threads, GC included). */
  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static double secs(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
