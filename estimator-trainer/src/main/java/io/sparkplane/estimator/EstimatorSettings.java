package io.sparkplane.estimator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Every limit and knob of the estimator, each with a documented default (see {@code
 * docs/estimator.md}).
 *
 * <pre>{@code
 * EstimatorSettings s = EstimatorSettings.builder().modelDir(Path.of("data/estimator"))
 *     .retrainCron("0 0 3 * * ?").build();
 * }</pre>
 *
 * @param modelDir where model files and the serving pointer live
 * @param retrainCron Quartz cron expression (with seconds) for retraining, in UTC
 * @param quartzProperties extra Quartz properties, e.g. a JDBC job store shared by replicas
 * @param minTrainingRuns finished runs needed before a model is trained
 * @param maxTrainingRows most recent runs a model is fitted on (the rest still feed workload stats)
 * @param maxHistoryRuns runs kept in the in-memory training history, oldest dropped first
 * @param historyOverlap how far before the newest run already read an incremental read starts
 * @param promotionMargin relative error improvement a challenger needs, 0.05 = 5% lower MdAPE
 * @param minShadowRuns finished runs a challenger is judged on before promotion or rejection
 * @param trees boosting iterations
 * @param maxDepth depth of each regression tree
 * @param maxNodes leaves per regression tree
 * @param shrinkage learning rate
 * @param runtimeQuantile the upper runtime quantile reported and held against the SLA
 * @param memoryQuantile the quantile of peak memory the memory recommendation covers
 * @param memorySafetyMargin extra headroom multiplied onto that quantile before sizing executors;
 *     1 (the default) because the quantile is already a calibrated (split-conformal) bound
 * @param slaHeadroom the share of the SLA the predicted upper runtime may use
 * @param executorCores cores per executor in recommendations
 * @param maxExecutors most executors a recommendation may ask for
 * @param minExecutorMemoryMb smallest executor heap recommended
 * @param maxExecutorMemoryMb largest executor heap recommended
 * @param partitionTargetBytes shuffle bytes per partition the partition count aims at
 * @param newWorkloadFallback answer workloads without finished history from the heuristic
 * @param keepModels model files kept on disk (the serving one and its predecessors)
 * @param maxPendingEstimates estimates with a run id kept until their run exists to attach them to
 */
public record EstimatorSettings(
    Path modelDir,
    String retrainCron,
    Map<String, String> quartzProperties,
    int minTrainingRuns,
    int maxTrainingRows,
    int maxHistoryRuns,
    Duration historyOverlap,
    double promotionMargin,
    int minShadowRuns,
    int trees,
    int maxDepth,
    int maxNodes,
    double shrinkage,
    double runtimeQuantile,
    double memoryQuantile,
    double memorySafetyMargin,
    double slaHeadroom,
    int executorCores,
    int maxExecutors,
    long minExecutorMemoryMb,
    long maxExecutorMemoryMb,
    long partitionTargetBytes,
    boolean newWorkloadFallback,
    int keepModels,
    int maxPendingEstimates) {

  public EstimatorSettings {
    Objects.requireNonNull(modelDir, "modelDir");
    Objects.requireNonNull(retrainCron, "retrainCron");
    quartzProperties = Map.copyOf(quartzProperties);
    positive("minTrainingRuns", minTrainingRuns);
    positive("maxTrainingRows", maxTrainingRows);
    positive("maxHistoryRuns", maxHistoryRuns);
    if (historyOverlap.isNegative()) {
      throw new IllegalArgumentException("historyOverlap must not be negative");
    }
    if (!(promotionMargin >= 0 && promotionMargin < 1)) {
      throw new IllegalArgumentException("promotionMargin must be in [0, 1), was " + promotionMargin);
    }
    positive("minShadowRuns", minShadowRuns);
    positive("trees", trees);
    positive("maxDepth", maxDepth);
    if (maxNodes < 2) {
      throw new IllegalArgumentException("maxNodes must be >= 2, was " + maxNodes);
    }
    if (!(shrinkage > 0 && shrinkage <= 1)) {
      throw new IllegalArgumentException("shrinkage must be in (0, 1], was " + shrinkage);
    }
    quantile("runtimeQuantile", runtimeQuantile);
    quantile("memoryQuantile", memoryQuantile);
    if (!(memorySafetyMargin >= 1)) {
      throw new IllegalArgumentException("memorySafetyMargin must be >= 1, was " + memorySafetyMargin);
    }
    if (!(slaHeadroom > 0 && slaHeadroom <= 1)) {
      throw new IllegalArgumentException("slaHeadroom must be in (0, 1], was " + slaHeadroom);
    }
    positive("executorCores", executorCores);
    positive("maxExecutors", maxExecutors);
    if (minExecutorMemoryMb < 512 || maxExecutorMemoryMb < minExecutorMemoryMb) {
      throw new IllegalArgumentException(
          "need 512 <= minExecutorMemoryMb <= maxExecutorMemoryMb, was "
              + minExecutorMemoryMb
              + " and "
              + maxExecutorMemoryMb);
    }
    if (partitionTargetBytes < 1 << 20) {
      throw new IllegalArgumentException("partitionTargetBytes must be >= 1 MiB");
    }
    positive("keepModels", keepModels);
    positive("maxPendingEstimates", maxPendingEstimates);
  }

  private static void positive(String name, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1, was " + value);
    }
  }

  private static void quantile(String name, double q) {
    if (!(q > 0.5 && q < 1)) {
      throw new IllegalArgumentException(name + " must be in (0.5, 1), was " + q);
    }
  }

  public static EstimatorSettings defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds settings; every field starts at its documented default. */
  public static final class Builder {
    private Path modelDir = Path.of("data", "estimator");
    private String retrainCron = "0 0 * * * ?";
    private Map<String, String> quartzProperties = Map.of();
    private int minTrainingRuns = 50;
    private int maxTrainingRows = 50_000;
    private int maxHistoryRuns = 2_000_000;
    private Duration historyOverlap = Duration.ofDays(1);
    private double promotionMargin = 0.05;
    private int minShadowRuns = 30;
    private int trees = 150;
    private int maxDepth = 6;
    private int maxNodes = 32;
    private double shrinkage = 0.1;
    private double runtimeQuantile = 0.9;
    private double memoryQuantile = 0.98;
    private double memorySafetyMargin = 1.0;
    private double slaHeadroom = 0.9;
    private int executorCores = 4;
    private int maxExecutors = 200;
    private long minExecutorMemoryMb = 1024;
    private long maxExecutorMemoryMb = 64 * 1024;
    private long partitionTargetBytes = 128L << 20;
    private boolean newWorkloadFallback = true;
    private int keepModels = 10;
    private int maxPendingEstimates = 100_000;

    private Builder() {}

    public Builder modelDir(Path v) { modelDir = v; return this; }
    public Builder retrainCron(String v) { retrainCron = v; return this; }
    public Builder quartzProperties(Map<String, String> v) { quartzProperties = v; return this; }
    public Builder minTrainingRuns(int v) { minTrainingRuns = v; return this; }
    public Builder maxTrainingRows(int v) { maxTrainingRows = v; return this; }
    public Builder maxHistoryRuns(int v) { maxHistoryRuns = v; return this; }
    public Builder historyOverlap(Duration v) { historyOverlap = v; return this; }
    public Builder promotionMargin(double v) { promotionMargin = v; return this; }
    public Builder minShadowRuns(int v) { minShadowRuns = v; return this; }
    public Builder trees(int v) { trees = v; return this; }
    public Builder maxDepth(int v) { maxDepth = v; return this; }
    public Builder maxNodes(int v) { maxNodes = v; return this; }
    public Builder shrinkage(double v) { shrinkage = v; return this; }
    public Builder runtimeQuantile(double v) { runtimeQuantile = v; return this; }
    public Builder memoryQuantile(double v) { memoryQuantile = v; return this; }
    public Builder memorySafetyMargin(double v) { memorySafetyMargin = v; return this; }
    public Builder slaHeadroom(double v) { slaHeadroom = v; return this; }
    public Builder executorCores(int v) { executorCores = v; return this; }
    public Builder maxExecutors(int v) { maxExecutors = v; return this; }
    public Builder minExecutorMemoryMb(long v) { minExecutorMemoryMb = v; return this; }
    public Builder maxExecutorMemoryMb(long v) { maxExecutorMemoryMb = v; return this; }
    public Builder partitionTargetBytes(long v) { partitionTargetBytes = v; return this; }
    public Builder newWorkloadFallback(boolean v) { newWorkloadFallback = v; return this; }
    public Builder keepModels(int v) { keepModels = v; return this; }
    public Builder maxPendingEstimates(int v) { maxPendingEstimates = v; return this; }

    public EstimatorSettings build() {
      return new EstimatorSettings(
          modelDir, retrainCron, quartzProperties, minTrainingRuns, maxTrainingRows,
          maxHistoryRuns, historyOverlap, promotionMargin, minShadowRuns,
          trees, maxDepth, maxNodes, shrinkage, runtimeQuantile, memoryQuantile,
          memorySafetyMargin, slaHeadroom, executorCores, maxExecutors, minExecutorMemoryMb,
          maxExecutorMemoryMb, partitionTargetBytes, newWorkloadFallback, keepModels,
          maxPendingEstimates);
    }
  }
}
