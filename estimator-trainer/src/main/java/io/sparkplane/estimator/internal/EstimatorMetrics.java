package io.sparkplane.estimator.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The estimator's meters (Prometheus names in {@code docs/estimator.md}). The {@code workload}
 * tag has one value per workload name: fleets with very many workloads should watch the
 * cardinality. Internal.
 */
public final class EstimatorMetrics {

  public static final String PREDICTION_ERROR = "sparkplane.estimator.prediction.error";

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
    Counter.builder("sparkplane.estimator.rejections")
        .description("Challengers discarded")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  public void rolledBack() {
    rollbacks.increment();
  }

  public void loadFailed(String reason) {
    Counter.builder("sparkplane.estimator.model.load.failures")
        .description("Model files refused at load")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }
}
