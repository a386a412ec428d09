package io.sparkplane.estimator.internal;

import java.util.List;

/**
 * Runs turned into model rows, in time order, each with the workload history known before it
 * started (never its own or later runs: no leakage into the features). Internal.
 *
 * @param rows one feature row per run, {@link FeatureSchema#WIDTH} + 1 wide (the last slot is for
 *     a target)
 * @param logRuntime ln(runtime ms) per run
 * @param logPeak ln(1 + peak task memory bytes) per run
 * @param workloadKeys {@link WorkloadHistory#key} of each run
 */
public record FeatureTable(
    double[][] rows, double[] logRuntime, double[] logPeak, String[] workloadKeys) {

  /** Builds the table; {@code runs} must be sorted by submit time. */
  public static FeatureTable of(List<TrainingRun> runs) {
    int n = runs.size();
    double[][] rows = new double[n][];
    double[] logRuntime = new double[n];
    double[] logPeak = new double[n];
    String[] keys = new String[n];
    WorkloadHistory history = new WorkloadHistory(Integer.MAX_VALUE);
    for (int i = 0; i < n; i++) {
      TrainingRun run = runs.get(i);
      String key = run.workloadKey();
      keys[i] = key;
      double[] row = new double[FeatureSchema.WIDTH + 1];
      FeatureSchema.fill(row, run.features(), run.executors(), run.executorCores(), history.stats(key));
      rows[i] = row;
      logRuntime[i] = Math.log(run.durationMs());
      logPeak[i] = Math.log1p(run.peakTaskMemoryBytes());
      history.add(key, run.durationMs(), run.features().totalBytes(), run.peakTaskMemoryBytes());
    }
    return new FeatureTable(rows, logRuntime, logPeak, keys);
  }

  public int size() {
    return rows.length;
  }
}
