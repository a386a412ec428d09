package io.sparkplane.triage.retry;

import io.sparkplane.collector.store.StoredRun;
import java.time.Duration;
import java.util.Optional;

/**
 * Predicts how long the remedied retry of a run will take: the "predicted runtime" of the retry
 * policy's deadline check. {@link HistoryRuntimePredictor} reads the workload's history; the
 * estimator ({@code io.sparkplane.estimator.Estimator}) can answer instead through an adapter.
 *
 * <pre>{@code
 * RuntimePredictor p = (run, plan) -> Optional.of(new RuntimePredictor.Prediction(Duration.ofMinutes(7), "estimator"));
 * }</pre>
 */
@FunctionalInterface
public interface RuntimePredictor {

  /** The predicted runtime of the retry of {@code failedRun} with {@code plan}, if any can be made. */
  Optional<Prediction> predict(StoredRun failedRun, RetryPlan plan);

  /**
   * @param runtime predicted wall time of the retry
   * @param source where it came from, e.g. {@code history:12} (12 runs) or {@code failed_run}
   */
  record Prediction(Duration runtime, String source) {}
}
