package io.sparkplane.estimator;

/**
 * Sizes a run before it starts. Thread-safe; answers in microseconds from models in memory.
 *
 * <pre>{@code
 * Estimate e = estimator.estimate(request);
 * Duration expected = e.runtimeP50(); // the triage retry policy's "predicted runtime"
 * }</pre>
 */
public interface Estimator {

  /** The cheapest configuration whose predicted p90 runtime meets the SLA and whose memory fits. */
  Estimate estimate(EstimateRequest request);
}
