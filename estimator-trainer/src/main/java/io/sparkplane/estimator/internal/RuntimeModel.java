package io.sparkplane.estimator.internal;

import io.sparkplane.estimator.JobFeatures;
import java.io.Serial;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import smile.data.Tuple;
import smile.data.type.StructType;
import smile.regression.GradientTreeBoost;

/**
 * A trained estimator model: a per-workload log-log size prior ({@link RuntimePrior}) plus
 * gradient-boosted trees on its residual for ln(runtime), trees on ln(1 + peak task memory),
 * with the residual quantiles of a time-later calibration set turned into upper bounds; peak memory
 * of workloads seen in training comes from the {@link MemoryModel} (each workload's monotone curve of
 * observed peaks over bytes per task, beyond it floor plus a power of bytes per task; split-conformal
 * bound), the trees' only for others. Immutable
 * and thread-safe. Internal.
 */
public final class RuntimeModel implements Serializable {

  /**
   * 2: the {@link MemoryModel} was added (model file format 2). 3: the runtime trees predict the
   * residual of a {@link RuntimePrior} (model file format 3).
   */
  @Serial private static final long serialVersionUID = 3L;

  private final ModelInfo info;
  private final RuntimePrior prior;
  /** Trees on the prior's residual, or null when they did not improve on it in calibration. */
  private final @Nullable GradientTreeBoost runtime;
  private final GradientTreeBoost peak;
  private final double runtimeBias;
  private final double runtimeUpperOffset;
  private final double peakBias;
  private final double peakUpperOffset;
  private final Map<String, Double> runtimeUpperByWorkload;
  private final Map<String, Double> peakUpperByWorkload;
  private final MemoryModel memory;
  private final StructType schema;

  RuntimeModel(
      ModelInfo info,
      RuntimePrior prior,
      @Nullable GradientTreeBoost runtime,
      GradientTreeBoost peak,
      double runtimeBias,
      double runtimeUpperOffset,
      double peakBias,
      double peakUpperOffset,
      Map<String, Double> runtimeUpperByWorkload,
      Map<String, Double> peakUpperByWorkload,
      MemoryModel memory) {
    this.memory = Objects.requireNonNull(memory, "memory");
    this.runtimeUpperByWorkload = new HashMap<>(runtimeUpperByWorkload);
    this.peakUpperByWorkload = new HashMap<>(peakUpperByWorkload);
    this.info = Objects.requireNonNull(info, "info");
    this.prior = Objects.requireNonNull(prior, "prior");
    this.runtime = runtime;
    this.peak = peak;
    this.runtimeBias = runtimeBias;
    this.runtimeUpperOffset = runtimeUpperOffset;
    this.peakBias = peakBias;
    this.peakUpperOffset = peakUpperOffset;
    this.schema = FeatureSchema.frameSchema();
  }

  public ModelInfo info() {
    return info;
  }

  public String version() {
    return info.version();
  }

  /** Same trees under another version name (a file saved as version {@code v} says {@code v}). */
  public RuntimeModel withVersion(String version) {
    return new RuntimeModel(
        info.withVersion(version),
        prior,
        runtime,
        peak,
        runtimeBias,
        runtimeUpperOffset,
        peakBias,
        peakUpperOffset,
        runtimeUpperByWorkload,
        peakUpperByWorkload,
        memory);
  }

  public Prediction predict(
      JobFeatures features, int executors, int executorCores, WorkloadStats history) {
    return predict(features, executors, executorCores, history, "");
  }

  /** Predicts for a workload ({@link WorkloadHistory#key}), with its own interval if it has one. */
  public Prediction predict(
      JobFeatures features, int executors, int executorCores, WorkloadStats history, String workloadKey) {
    double[] row = new double[FeatureSchema.WIDTH + 1];
    FeatureSchema.fill(row, features, executors, executorCores, history);
    return predict(row, workloadKey);
  }

  /** Predicts from a filled feature row (see {@link FeatureSchema#fill}); the target slot is ignored. */
  public Prediction predict(double[] row) {
    return predict(row, "");
  }

  public Prediction predict(double[] row, String workloadKey) {
    Tuple tuple = Tuple.of(row, schema);
    double logRuntime = logRuntime(row, tuple, workloadKey);
    double runtimeMedian = Math.exp(logRuntime + runtimeBias);
    double runtimeUpper =
        Math.exp(logRuntime + runtimeUpperByWorkload.getOrDefault(workloadKey, runtimeUpperOffset));
    double[] known = memory.predict(row, workloadKey);
    if (known != null) {
      return new Prediction(runtimeMedian, runtimeUpper, known[0], known[1]);
    }
    // A workload the memory model has not seen: the trees, with the residual offsets.
    double logPeak = peak.predict(tuple);
    return new Prediction(
        runtimeMedian,
        runtimeUpper,
        Math.max(0, Math.expm1(logPeak + peakBias)),
        Math.max(0, Math.expm1(logPeak + peakUpperByWorkload.getOrDefault(workloadKey, peakUpperOffset))));
  }

  /** Median and upper runtime (ms) only, without the memory trees: {median, upper}. */
  public double[] predictRuntime(
      JobFeatures features, int executors, int executorCores, WorkloadStats history, String workloadKey) {
    double[] row = new double[FeatureSchema.WIDTH + 1];
    FeatureSchema.fill(row, features, executors, executorCores, history);
    double logRuntime = logRuntime(row, null, workloadKey);
    return new double[] {
      Math.exp(logRuntime + runtimeBias),
      Math.exp(logRuntime + runtimeUpperByWorkload.getOrDefault(workloadKey, runtimeUpperOffset))
    };
  }

  /** Predicted median ln(runtime) only: what shadow comparisons and accuracy reports use. */
  public double predictLogRuntime(double[] row, String workloadKey) {
    return logRuntime(row, null, workloadKey) + runtimeBias;
  }

  /** Whether trees correct the prior (false: they did not help on the calibration runs). */
  public boolean usesRuntimeTrees() {
    return runtime != null;
  }

  private double logRuntime(double[] row, @Nullable Tuple tuple, String workloadKey) {
    double logRuntime = prior.predict(row, workloadKey);
    if (runtime != null) {
      logRuntime += runtime.predict(tuple != null ? tuple : Tuple.of(row, schema));
    }
    return logRuntime;
  }
}
