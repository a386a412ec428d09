package io.sparkplane.estimator.internal;

import io.sparkplane.estimator.EstimatorSettings;
import java.util.Arrays;
import java.util.List;
import smile.base.cart.Loss;
import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.regression.GradientTreeBoost;

/**
 * Fits a {@link RuntimeModel} on time-ordered runs: trees on the earlier {@value
 * #FIT_SHARE_PERCENT}% of the most recent {@code maxTrainingRows}, residual quantiles on the later
 * rest (the calibration set), then the same trees refitted on all of them. Internal.
 */
public final class ModelTrainer {

  static final int FIT_SHARE_PERCENT = 80;
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
    int split = from + n * FIT_SHARE_PERCENT / 100;
    GradientTreeBoost runtimeTrial = fitOne(all.rows(), all.logRuntime(), from, split);
    GradientTreeBoost peakTrial = fitOne(all.rows(), all.logPeak(), from, split);
    int calibration = all.size() - split;
    double[] runtimeResiduals = new double[calibration];
    double[] peakResiduals = new double[calibration];
    double[] ape = new double[calibration];
    for (int i = split; i < all.size(); i++) {
      double[] row = all.rows()[i];
      runtimeResiduals[i - split] = all.logRuntime()[i] - runtimeTrial.predict(asTuple(row));
      peakResiduals[i - split] = all.logPeak()[i] - peakTrial.predict(asTuple(row));
    }
    double runtimeBias = Quantiles.of(runtimeResiduals, 0.5);
    for (int i = 0; i < calibration; i++) {
      ape[i] = Math.abs(Math.exp(runtimeBias - runtimeResiduals[i]) - 1);
    }
    double peakBias = Quantiles.of(peakResiduals, 0.5);
    GradientTreeBoost runtime = fitOne(all.rows(), all.logRuntime(), from, all.size());
    GradientTreeBoost peak = fitOne(all.rows(), all.logPeak(), from, all.size());
    double minLogBytes = Double.MAX_VALUE;
    double maxLogBytes = 0;
    for (int i = from; i < all.size(); i++) {
      minLogBytes = Math.min(minLogBytes, all.rows()[i][1]);
      maxLogBytes = Math.max(maxLogBytes, all.rows()[i][1]);
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
        runtime,
        peak,
        runtimeBias,
        Quantiles.of(runtimeResiduals, settings.runtimeQuantile()),
        peakBias,
        Quantiles.of(peakResiduals, settings.memoryQuantile()));
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
