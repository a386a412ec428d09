package io.sparkplane.estimator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.collector.store.StoredRun;
import io.sparkplane.wire.RunStatus;
import io.sparkplane.wire.RunSummary;
import org.jspecify.annotations.Nullable;

/**
 * Compares what a finished run used with what the estimator recommended for it (the {@code
 * recommendation} attachment, the answer of {@code POST /api/v1/estimates}) and records both
 * ratios in {@code sparkplane_estimator_actual_to_recommended_ratio{resource}}: {@code memory} =
 * the run's largest task peak execution memory / {@code predictedPeakMemoryBytes} (the quantity the
 * executor memory recommendation is built on), {@code runtime} = its duration / {@code
 * predictedRuntimeP50Seconds}. Only runs that SUCCEEDED count: a failed run's duration and peak are
 * cut short. Internal.
 */
public final class RecommendationCheck {

  private RecommendationCheck() {}

  public static void record(StoredRun run, @Nullable JsonNode recommendation, EstimatorMetrics metrics) {
    RunSummary summary = run.summary();
    if (recommendation == null || summary == null || summary.status() != RunStatus.SUCCEEDED) {
      return;
    }
    double predictedPeak = recommendation.path("predictedPeakMemoryBytes").asDouble(0);
    if (summary.totals() != null && predictedPeak > 0 && summary.totals().peakExecutionMemoryBytes() > 0) {
      metrics.actualToRecommended("memory", summary.totals().peakExecutionMemoryBytes() / predictedPeak);
    }
    double predictedSeconds = recommendation.path("predictedRuntimeP50Seconds").asDouble(0);
    Long durationMs = summary.timing() == null ? null : summary.timing().durationMs();
    if (durationMs != null && durationMs > 0 && predictedSeconds > 0) {
      metrics.actualToRecommended("runtime", durationMs / 1000.0 / predictedSeconds);
    }
  }
}
