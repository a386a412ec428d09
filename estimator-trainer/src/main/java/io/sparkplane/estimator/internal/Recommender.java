package io.sparkplane.estimator.internal;

import io.sparkplane.estimator.Estimate;
import io.sparkplane.estimator.EstimatorSettings;
import io.sparkplane.estimator.JobFeatures;
import java.time.Duration;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Picks the cheapest configuration: among executor counts on a ladder (1, 2, 3, 4, 6, 8, 12, ...
 * up to {@code maxExecutors}) with {@code executorCores} cores each, the one with the fewest
 * predicted executor-seconds (executors x p50 runtime) whose predicted upper runtime fits within
 * {@code slaHeadroom} x SLA. If none fits, the fastest. Memory: executor heap covers the predicted
 * peak task memory at the memory quantile x {@code memorySafetyMargin} for every concurrently
 * running task, as Spark's unified memory gives it out. Internal.
 */
public final class Recommender {

  /** Spark's reserved system memory per executor. */
  static final long RESERVED_MB = 300;
  /** Spark's default {@code spark.memory.fraction}. */
  static final double MEMORY_FRACTION = 0.6;
  /** Spark's default minimum overhead and overhead share. */
  static final long MIN_OVERHEAD_MB = 384;
  static final double OVERHEAD_FACTOR = 0.10;
  static final int MAX_SHUFFLE_PARTITIONS = 20_000;

  private final EstimatorSettings settings;
  private final int[] ladder;

  public Recommender(EstimatorSettings settings) {
    this.settings = settings;
    this.ladder = ladder(settings.maxExecutors());
  }

  static int[] ladder(int max) {
    int[] steps = new int[64];
    int n = 0;
    for (int base = 1; base <= max && n < steps.length - 1; base *= 2) {
      steps[n++] = base;
      int between = base + base / 2;
      if (base >= 2 && between <= max && between < base * 2) {
        steps[n++] = between;
      }
    }
    if (steps[n - 1] != max) {
      steps[n++] = max;
    }
    return Arrays.copyOf(steps, n);
  }

  public Estimate recommend(
      Predictor predictor,
      JobFeatures features,
      WorkloadStats history,
      @Nullable Duration sla,
      String modelVersion,
      boolean heuristic) {
    int cores = settings.executorCores();
    double budgetMs = sla == null ? Double.POSITIVE_INFINITY : sla.toMillis() * settings.slaHeadroom();
    int best = -1;
    double bestCost = Double.POSITIVE_INFINITY;
    int fastest = -1;
    double fastestUpper = Double.POSITIVE_INFINITY;
    for (int executors : ladder) {
      double[] runtime = predictor.runtime(features, executors, cores, history);
      if (runtime[1] < fastestUpper) {
        fastest = executors;
        fastestUpper = runtime[1];
      }
      double cost = executors * runtime[0];
      if (runtime[1] <= budgetMs && cost < bestCost) {
        best = executors;
        bestCost = cost;
      }
    }
    boolean slaMet = best > 0;
    if (!slaMet) {
      best = fastest;
    }
    Prediction bestPrediction = predictor.predict(features, best, cores, history);
    long heapMb = heapMb(bestPrediction.peakUpperBytes(), cores);
    long overheadMb = roundUp(Math.max(MIN_OVERHEAD_MB, (long) Math.ceil(heapMb * OVERHEAD_FACTOR)), 128);
    return new Estimate(
        best,
        cores,
        heapMb,
        overheadMb,
        shufflePartitions(features, best * cores),
        Duration.ofMillis(Math.round(bestPrediction.runtimeMedianMs())),
        Duration.ofMillis(Math.round(bestPrediction.runtimeUpperMs())),
        Math.round(bestPrediction.peakUpperBytes()),
        modelVersion,
        heuristic,
        slaMet);
  }

  long heapMb(double peakUpperBytes, int cores) {
    double perTaskMb = peakUpperBytes * settings.memorySafetyMargin() / (1 << 20);
    long needed = RESERVED_MB + (long) Math.ceil(perTaskMb * cores / MEMORY_FRACTION);
    long rounded = roundUp(needed, 512);
    return Math.max(settings.minExecutorMemoryMb(), Math.min(settings.maxExecutorMemoryMb(), rounded));
  }

  int shufflePartitions(JobFeatures features, int totalCores) {
    double shuffleBytes = features.totalBytes() * (1.0 + features.joins());
    long bySize = (long) Math.ceil(shuffleBytes / settings.partitionTargetBytes());
    long partitions = Math.max(2L * totalCores, bySize);
    partitions = roundUp(partitions, totalCores);
    return (int) Math.min(MAX_SHUFFLE_PARTITIONS, partitions);
  }

  private static long roundUp(long value, long step) {
    return (value + step - 1) / step * step;
  }
}
