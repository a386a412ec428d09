package io.sparkplane.estimator.realruns;

import io.sparkplane.estimator.EstimatorSettings;
import io.sparkplane.estimator.internal.FeatureTable;
import io.sparkplane.estimator.internal.HeuristicPredictor;
import io.sparkplane.estimator.internal.ModelTrainer;
import io.sparkplane.estimator.internal.Prediction;
import io.sparkplane.estimator.internal.Quantiles;
import io.sparkplane.estimator.internal.RuntimeModel;
import io.sparkplane.estimator.internal.TrainingRun;
import io.sparkplane.estimator.internal.WorkloadStats;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runtime and peak-memory accuracy of a model trained on the earlier runs, measured on the later
 * runs, side by side with the baselines: per-workload median runtime (of all earlier runs of the
 * workload), a per-workload size-scaled linear model (runtime = a + b x input bytes, least squares
 * on the workload's training runs), and the heuristic.
 */
public final class AccuracyReport {

  public static final String ESTIMATOR = "estimator (log-log size prior per workload + Smile GBT on its residual)";
  public static final String MEDIAN = "per-workload median runtime";
  public static final String LINEAR = "per-workload size-scaled linear";
  public static final String NOISE_FLOOR =
      "noise floor: median of the other runs with identical inputs (not a predictor)";

  /** Errors of one predictor on the held-out runs. */
  public record Row(String name, double mdape, double p90ape, double within20) {}

  public record Result(
      int trainRuns,
      int testRuns,
      List<Row> runtime,
      double memoryCoverage,
      double memoryMedianSlack,
      int memoryRunsWithPeak,
      double medianCoverage,
      double medianPointSlack,
      double margin,
      boolean runtimeTrees,
      double runtimeUpperCoverage) {

    public Row row(String name) {
      return runtime.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    public String markdown() {
      StringBuilder out = new StringBuilder();
      out.append(String.format(Locale.ROOT, "Trained on %d runs, tested on the %d later runs.%n%n", trainRuns, testRuns));
      out.append(
          runtimeTrees
              ? "Runtime trees kept (they improved on the size prior on the calibration runs).\n\n"
              : "Runtime trees dropped (they did not improve on the size prior on the calibration runs).\n\n");
      out.append("| runtime predictor | MdAPE | p90 APE | within 20% |\n| --- | --- | --- | --- |\n");
      for (Row r : runtime) {
        if (Double.isNaN(r.mdape())) {
          continue; // no run had a twin with identical inputs
        }
        out.append(
            String.format(
                Locale.ROOT, "| %s | %.1f%% | %.1f%% | %.0f%% |%n", r.name(), r.mdape() * 100, r.p90ape() * 100, r.within20() * 100));
      }
      out.append(
          String.format(
              Locale.ROOT,
              "%nPredicted p90 runtime (interval from the calibration runs) at or above the actual: %.1f%% of test runs.%n",
              runtimeUpperCoverage * 100));
      out.append(
          String.format(
              Locale.ROOT,
              "%n| peak task memory | covers actual peak | median slack |%n| --- | --- | --- |%n"
                  + "| recommendation budget (conformal p98 x memorySafetyMargin %.2f) | %.1f%% | %.1f%% |%n"
                  + "| predicted median peak alone | %.1f%% | %.1f%% |%n"
                  + "%nCoverage over the %d test runs; slack = budget / actual - 1, median over the %d runs"
                  + " with a non-zero peak.%n",
              margin, memoryCoverage * 100, memoryMedianSlack * 100, medianCoverage * 100,
              medianPointSlack * 100, testRuns, memoryRunsWithPeak));
      return out.toString();
    }
  }

  private AccuracyReport() {}

  /** {@code runs} sorted by submit time; the first {@code trainShare} train, the rest test. */
  public static Result evaluate(List<TrainingRun> runs, double trainShare, EstimatorSettings settings) {
    smile.math.MathEx.setSeed(20_240_611L); // Smile's row subsampling: a reproducible report
    int split = (int) Math.round(runs.size() * trainShare);
    RuntimeModel model = new ModelTrainer(settings).fit(runs.subList(0, split), "eval", 0);
    FeatureTable table = FeatureTable.of(runs);
    Map<String, double[]> linear = linearFits(runs.subList(0, split));
    Map<String, List<Double>> prior = new HashMap<>();
    for (TrainingRun r : runs.subList(0, split)) {
      prior.computeIfAbsent(r.workloadKey(), k -> new ArrayList<>()).add((double) r.durationMs());
    }
    HeuristicPredictor heuristic = new HeuristicPredictor();
    int n = runs.size() - split;
    double[] modelApe = new double[n];
    double[] medianApe = new double[n];
    double[] linearApe = new double[n];
    double[] heuristicApe = new double[n];
    int covered = 0;
    int medianCovered = 0;
    int runtimeCovered = 0;
    List<Double> slack = new ArrayList<>();
    List<Double> medianSlack = new ArrayList<>();
    double margin = settings.memorySafetyMargin();
    for (int i = split; i < runs.size(); i++) {
      TrainingRun run = runs.get(i);
      double actual = run.durationMs();
      Prediction p = model.predict(table.rows()[i], run.workloadKey());
      modelApe[i - split] = Math.abs(p.runtimeMedianMs() / actual - 1);
      if (p.runtimeUpperMs() >= actual) {
        runtimeCovered++;
      }
      List<Double> earlier = prior.getOrDefault(run.workloadKey(), List.of());
      double median = earlier.isEmpty() ? p.runtimeMedianMs() : Quantiles.of(toArray(earlier), 0.5);
      medianApe[i - split] = Math.abs(median / actual - 1);
      double[] ab = linear.get(run.workloadKey());
      double lin = ab == null ? median : Math.max(1, ab[0] + ab[1] * run.features().totalBytes());
      linearApe[i - split] = Math.abs(lin / actual - 1);
      Prediction h = heuristic.predict(run.features(), run.executors(), run.executorCores(), WorkloadStats.NONE);
      heuristicApe[i - split] = Math.abs(h.runtimeMedianMs() / actual - 1);
      double budget = p.peakUpperBytes() * margin;
      if (budget >= run.peakTaskMemoryBytes()) {
        covered++;
      }
      if (p.peakMedianBytes() >= run.peakTaskMemoryBytes()) {
        medianCovered++;
      }
      if (run.peakTaskMemoryBytes() > 0) {
        slack.add(budget / run.peakTaskMemoryBytes() - 1);
        medianSlack.add(p.peakMedianBytes() / run.peakTaskMemoryBytes() - 1);
      }
      prior.computeIfAbsent(run.workloadKey(), k -> new ArrayList<>()).add(actual);
    }
    List<Row> rows =
        List.of(
            row(ESTIMATOR, modelApe),
            row(MEDIAN, medianApe),
            row(LINEAR, linearApe),
            row("heuristic (fallback)", heuristicApe),
            row(NOISE_FLOOR, noiseFloor(runs, split)));
    return new Result(
        split, n, rows, (double) covered / n, Quantiles.of(toArray(slack), 0.5), slack.size(),
        (double) medianCovered / n, Quantiles.of(toArray(medianSlack), 0.5), margin,
        model.usesRuntimeTrees(), (double) runtimeCovered / n);
  }

  /**
   * How well any pre-run predictor could do: each test run predicted by the median runtime of all
   * other runs (earlier or later) of the same workload with the very same inputs. What remains is
   * run-to-run noise (on a shared machine, mostly other processes' load).
   */
  static double[] noiseFloor(List<TrainingRun> runs, int split) {
    Map<String, List<Double>> groups = new HashMap<>();
    for (TrainingRun r : runs) {
      groups.computeIfAbsent(inputsKey(r), k -> new ArrayList<>()).add((double) r.durationMs());
    }
    List<Double> ape = new ArrayList<>();
    for (TrainingRun r : runs.subList(split, runs.size())) {
      List<Double> others = new ArrayList<>(groups.get(inputsKey(r)));
      others.remove((double) r.durationMs());
      if (!others.isEmpty()) {
        ape.add(Math.abs(Quantiles.of(toArray(others), 0.5) / r.durationMs() - 1));
      }
    }
    return toArray(ape);
  }

  private static String inputsKey(TrainingRun r) {
    return r.workloadKey() + '/' + r.features().totalRows() + '/' + r.features().totalBytes();
  }

  private static Row row(String name, double[] ape) {
    if (ape.length == 0) {
      return new Row(name, Double.NaN, Double.NaN, Double.NaN);
    }
    int within = 0;
    for (double a : ape) {
      if (a <= 0.2) {
        within++;
      }
    }
    return new Row(name, Quantiles.of(ape, 0.5), Quantiles.of(ape, 0.9), (double) within / ape.length);
  }

  private static Map<String, double[]> linearFits(List<TrainingRun> runs) {
    Map<String, List<TrainingRun>> byWorkload = new HashMap<>();
    runs.forEach(r -> byWorkload.computeIfAbsent(r.workloadKey(), k -> new ArrayList<>()).add(r));
    Map<String, double[]> fits = new HashMap<>();
    byWorkload.forEach(
        (k, list) -> {
          if (list.size() < 2) {
            return;
          }
          double mx = 0, my = 0;
          for (TrainingRun r : list) {
            mx += r.features().totalBytes();
            my += r.durationMs();
          }
          mx /= list.size();
          my /= list.size();
          double sxy = 0, sxx = 0;
          for (TrainingRun r : list) {
            double dx = r.features().totalBytes() - mx;
            sxy += dx * (r.durationMs() - my);
            sxx += dx * dx;
          }
          double b = sxx == 0 ? 0 : sxy / sxx;
          fits.put(k, new double[] {my - b * mx, b});
        });
    return fits;
  }

  private static double[] toArray(List<Double> values) {
    double[] a = new double[values.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = values.get(i);
    }
    return a;
  }
}
