package io.sparkplane.estimator.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sparkplane.estimator.ModelLoadException;
import java.time.Duration;
import java.util.Locale;

/**
 * The estimator's meters (Prometheus names in {@code docs/estimator.md}). The {@code workload}
 * tag has one value per workload name: fleets with very many workloads should watch the
 * cardinality. Internal.
 */
public final class EstimatorMetrics {

  public static final String PREDICTION_ERROR = "sparkplane.estimator.prediction.error";
  public static final String ACTUAL_TO_RECOMMENDED = "sparkplane.estimator.actual_to_recommended";

  /** Reasons a challenger is discarded; each series exists at zero from start. */
  static final String[] REJECTION_REASONS = {"not_better", "superseded"};

  /** 1 is exact; below, over-provisioned; above, under-provisioned. */
  private static final double[] RATIO_BUCKETS = {0.1, 0.25, 0.5, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 2, 3, 5, 10};

  private final MeterRegistry registry;
  private final Counter modelEstimates;
  private final Counter heuristicEstimates;
  private final Counter shadowEstimates;
  private final Timer trainingDuration;
  private final Counter rollbacks;

  public EstimatorMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.modelEstimates = estimates("model");
    this.heuristicEstimates = estimates("heuristic");
    this.shadowEstimates =
        Counter.builder("sparkplane.estimator.shadow.estimates")
            .description("Live estimate requests also answered by the challenger in shadow")
            .register(registry);
    this.trainingDuration =
        Timer.builder("sparkplane.estimator.training.duration")
            .description("Time to read new history and train a model")
            .register(registry);
    this.rollbacks =
        Counter.builder("sparkplane.estimator.rollbacks")
            .description("Rollbacks to the previous model")
            .register(registry);
    for (ModelLoadException.Reason reason : ModelLoadException.Reason.values()) {
      loadFailures(reason.name().toLowerCase(Locale.ROOT));
    }
    for (String reason : REJECTION_REASONS) {
      rejections(reason);
    }
  }

  private Counter estimates(String source) {
    return Counter.builder("sparkplane.estimator.estimates")
        .description("Estimates answered, by what answered them")
        .tag("source", source)
        .register(registry);
  }

  public void estimated(boolean heuristic) {
    (heuristic ? heuristicEstimates : modelEstimates).increment();
  }

  public void shadowEstimated() {
    shadowEstimates.increment();
  }

  public void shadowDropped() {
    Counter.builder("sparkplane.estimator.shadow.dropped")
        .description("Shadow answers dropped because the shadow queue was full")
        .register(registry)
        .increment();
  }

  public void shadowFailed() {
    Counter.builder("sparkplane.estimator.shadow.failures")
        .description("Shadow answers that threw")
        .register(registry)
        .increment();
  }

  /** Absolute percentage error of a model's median runtime on a finished run, as a ratio. */
  public void predictionError(String workload, String modelVersion, String role, double ape) {
    DistributionSummary.builder(PREDICTION_ERROR)
        .description("Absolute percentage error of predicted median runtime on finished runs (ratio)")
        .baseUnit("ratio")
        .tag("workload", workload)
        .tag("model_version", modelVersion)
        .tag("role", role)
        .register(registry)
        .record(ape);
  }

  public void trained(Duration took, String outcome) {
    trainingDuration.record(took);
    Counter.builder("sparkplane.estimator.trainings")
        .description("Training runs, by outcome")
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  public void promoted(String reason) {
    Counter.builder("sparkplane.estimator.promotions")
        .description("Models promoted to serve")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  public void rejected(String reason) {
    rejections(reason).increment();
  }

  private Counter rejections(String reason) {
    return Counter.builder("sparkplane.estimator.rejections")
        .description("Challengers discarded")
        .tag("reason", reason)
        .register(registry);
  }

  /**
   * What a finished run actually used over what its estimate recommended, {@code resource} {@code
   * memory} (peak task execution memory / predicted peak) or {@code runtime} (duration / predicted
   * p50).
   */
  public void actualToRecommended(String resource, double ratio) {
    DistributionSummary.builder(ACTUAL_TO_RECOMMENDED)
        .description("Actual over recommended resources of finished runs sized by the estimator (1 = exact)")
        .baseUnit("ratio")
        .tag("resource", resource)
        .serviceLevelObjectives(RATIO_BUCKETS)
        .register(registry)
        .record(ratio);
  }

  public void rolledBack() {
    rollbacks.increment();
  }

  public void loadFailed(String reason) {
    loadFailures(reason).increment();
  }

  private Counter loadFailures(String reason) {
    return Counter.builder("sparkplane.estimator.model.load.failures")
        .description("Model files refused at load")
        .tag("reason", reason)
        .register(registry);
  }
}
