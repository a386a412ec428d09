package io.sparkplane.estimator.internal;

import io.sparkplane.estimator.JobFeatures;

/** Predicts a run's runtime and peak memory for one configuration. Internal. */
public interface Predictor {

  Prediction predict(JobFeatures features, int executors, int executorCores, WorkloadStats history);

  /**
   * Median and upper-quantile runtime (ms) only, {median, upper}: what the search over executor
   * counts needs.
   */
  default double[] runtime(
      JobFeatures features, int executors, int executorCores, WorkloadStats history) {
    Prediction p = predict(features, executors, executorCores, history);
    return new double[] {p.runtimeMedianMs(), p.runtimeUpperMs()};
  }
}
