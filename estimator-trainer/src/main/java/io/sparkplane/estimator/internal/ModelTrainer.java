package io.sparkplane.estimator.internal;

import io.sparkplane.estimator.EstimatorSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import smile.base.cart.Loss;
import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.regression.GradientTreeBoost;

/**
 * Fits a {@link RuntimeModel} on time-ordered runs: a {@link RuntimePrior} (per-workload log-log
 * size line, slopes shrunk toward the pooled one) and trees on its residual of ln(runtime) (kept
 * only if they improve on the prior alone on the calibration runs), both on the earlier {@value
 * #FIT_SHARE_PERCENT}% of the most recent {@code maxTrainingRows}, residual quantiles on the later
 * rest (the calibration set; expanding windows for small histories), then the same trees refitted
 * on all of them. Peak memory of known workloads: a {@link MemoryModel} fitted the same way, its
 * split-conformal bound calibrated on the same later runs. Internal.
 */
public final class ModelTrainer {

  static final int FIT_SHARE_PERCENT = 80;
  /** Histories up to this many runs get expanding-window calibration (cheap at that size). */
  static final int SMALL_HISTORY = 2_000;
  /** Calibration runs a workload needs for an interval of its own. */
  static final int MIN_WORKLOAD_CALIBRATION = 20;
  private static final int NODE_SIZE = 5;
  private static final double SUBSAMPLE = 0.7;
  private static final Formula FORMULA = Formula.lhs(FeatureSchema.TARGET);

  private final EstimatorSettings settings;

  public ModelTrainer(EstimatorSettings settings) {
    this.settings = settings;
  }

  /**
   * Trains on {@code runs}, which must be sorted by submit time.
   *
   * @throws IllegalArgumentException if there are fewer than 10 runs
   */
  public RuntimeModel fit(List<TrainingRun> runs, String version, long nowMs) {
    return fit(FeatureTable.of(runs), version, nowMs);
  }

  public RuntimeModel fit(FeatureTable all, String version, long nowMs) {
    int n = Math.min(all.size(), settings.maxTrainingRows());
    if (n < 10) {
      throw new IllegalArgumentException("need at least 10 runs to train, have " + n);
    }
    int from = all.size() - n;
    // Residuals on runs later than the ones their trees were fitted on: one 80/20 split for large
    // histories; for small ones, expanding windows (fit on the first 50/60/70/80/90%, predict the
    // next 10%), so that the interval quantiles rest on more than a handful of runs.
    int folds = n <= SMALL_HISTORY ? 5 : 1;
    int[] bounds = new int[folds + 1];
    for (int f = 0; f < folds; f++) {
      bounds[f] = from + n * (folds == 1 ? FIT_SHARE_PERCENT : 50 + 10 * f) / 100;
    }
    bounds[folds] = all.size();
    int calibration = all.size() - bounds[0];
    double[] treeResiduals = new double[calibration];
    double[] priorResiduals = new double[calibration];
    double[] peakResiduals = new double[calibration];
    List<String> scoreKeys = new ArrayList<>();
    List<Double> scores = new ArrayList<>();
    for (int f = 0; f < folds; f++) {
      MemoryModel memoryTrial = MemoryModel.fit(all, from, bounds[f], settings.partitionTargetBytes());
      RuntimePrior priorTrial = RuntimePrior.fit(all, from, bounds[f]);
      GradientTreeBoost runtimeTrial =
          fitOne(all.rows(), residuals(all, priorTrial, from, bounds[f]), from, bounds[f]);
      GradientTreeBoost peakTrial = fitOne(all.rows(), all.logPeak(), from, bounds[f]);
      for (int i = bounds[f]; i < bounds[f + 1]; i++) {
        double[] row = all.rows()[i];
        priorResiduals[i - bounds[0]] =
            all.logRuntime()[i] - priorTrial.predict(row, all.workloadKeys()[i]);
        treeResiduals[i - bounds[0]] =
            priorResiduals[i - bounds[0]] - runtimeTrial.predict(asTuple(row));
        peakResiduals[i - bounds[0]] = all.logPeak()[i] - peakTrial.predict(asTuple(row));
        double score = memoryTrial.score(row, all.workloadKeys()[i], Math.expm1(all.logPeak()[i]));
        if (!Double.isNaN(score)) {
          scoreKeys.add(all.workloadKeys()[i]);
          scores.add(score);
        }
      }
    }
    // The trees serve only if they made the prior better on the later (calibration) runs: on a
    // small, noisy history they mostly fit noise.
    boolean trees = mdape(treeResiduals) <= mdape(priorResiduals);
    double[] runtimeResiduals = trees ? treeResiduals : priorResiduals;
    double runtimeBias = Quantiles.of(runtimeResiduals, 0.5);
    double[] ape = apes(runtimeResiduals, runtimeBias);
    double peakBias = Quantiles.of(peakResiduals, 0.5);
    RuntimePrior prior = RuntimePrior.fit(all, from, all.size());
    GradientTreeBoost runtime =
        trees ? fitOne(all.rows(), residuals(all, prior, from, all.size()), from, all.size()) : null;
    GradientTreeBoost peak = fitOne(all.rows(), all.logPeak(), from, all.size());
    MemoryModel memory =
        MemoryModel.fit(all, from, all.size(), settings.partitionTargetBytes())
            .calibrated(
                scoreKeys.toArray(String[]::new),
                scores.stream().mapToDouble(Double::doubleValue).toArray(),
                settings.memoryQuantile());
    double minLogBytes = Double.MAX_VALUE;
    double maxLogBytes = 0;
    for (int i = from; i < all.size(); i++) {
      minLogBytes = Math.min(minLogBytes, all.rows()[i][FeatureSchema.LOG_BYTES]);
      maxLogBytes = Math.max(maxLogBytes, all.rows()[i][FeatureSchema.LOG_BYTES]);
    }
    ModelInfo info =
        new ModelInfo(
            version,
            FeatureSchema.VERSION,
            nowMs,
            n,
            calibration,
            Quantiles.of(ape, 0.5),
            minLogBytes,
            maxLogBytes);
    return new RuntimeModel(
        info,
        prior,
        runtime,
        peak,
        runtimeBias,
        Quantiles.of(runtimeResiduals, settings.runtimeQuantile()),
        peakBias,
        Quantiles.of(peakResiduals, settings.memoryQuantile()),
        perWorkload(all.workloadKeys(), bounds[0], runtimeResiduals, settings.runtimeQuantile()),
        perWorkload(all.workloadKeys(), bounds[0], peakResiduals, settings.memoryQuantile()),
        memory);
  }

  /**
   * Upper-quantile residual offsets of workloads with at least {@value #MIN_WORKLOAD_CALIBRATION}
   * calibration runs: a workload whose runs vary little gets a tight interval, a skewed one a wide
   * one. Others use the global offset.
   */
  static Map<String, Double> perWorkload(String[] keys, int offset, double[] residuals, double q) {
    Map<String, List<Double>> byKey = new HashMap<>();
    for (int i = 0; i < residuals.length; i++) {
      byKey.computeIfAbsent(keys[offset + i], k -> new ArrayList<>()).add(residuals[i]);
    }
    Map<String, Double> offsets = new HashMap<>();
    byKey.forEach(
        (key, values) -> {
          if (values.size() >= MIN_WORKLOAD_CALIBRATION) {
            offsets.put(key, Quantiles.of(values, q));
          }
        });
    return offsets;
  }

  /** Median absolute percentage error of runtime predictions with these ln residuals, bias removed. */
  static double mdape(double[] residuals) {
    return Quantiles.of(apes(residuals, Quantiles.of(residuals, 0.5)), 0.5);
  }

  private static double[] apes(double[] residuals, double bias) {
    double[] ape = new double[residuals.length];
    for (int i = 0; i < ape.length; i++) {
      ape[i] = Math.abs(Math.exp(bias - residuals[i]) - 1);
    }
    return ape;
  }

  /** ln(runtime) minus the prior, for rows {@code [from, to)} (other slots left 0). */
  private static double[] residuals(FeatureTable all, RuntimePrior prior, int from, int to) {
    double[] target = new double[all.size()];
    for (int i = from; i < to; i++) {
      target[i] = all.logRuntime()[i] - prior.predictTraining(all.rows()[i], all.workloadKeys()[i]);
    }
    return target;
  }

  private GradientTreeBoost fitOne(double[][] rows, double[] target, int from, int to) {
    double[][] frame = new double[to - from][];
    for (int i = from; i < to; i++) {
      double[] row = Arrays.copyOf(rows[i], FeatureSchema.WIDTH + 1);
      row[FeatureSchema.WIDTH] = target[i];
      frame[i - from] = row;
    }
    DataFrame data = DataFrame.of(frame, FeatureSchema.frameNames());
    return GradientTreeBoost.fit(
        FORMULA,
        data,
        Loss.ls(),
        settings.trees(),
        settings.maxDepth(),
        settings.maxNodes(),
        NODE_SIZE,
        settings.shrinkage(),
        SUBSAMPLE);
  }

  private static smile.data.Tuple asTuple(double[] row) {
    return smile.data.Tuple.of(row, SCHEMA);
  }

  private static final smile.data.type.StructType SCHEMA = FeatureSchema.frameSchema();
}
