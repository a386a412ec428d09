package io.sparkplane.estimator.internal;

import io.sparkplane.estimator.JobFeatures;

/** Predicts a run's runtime and peak memory for one configuration. Internal. */
public interface Predictor {

  Prediction predict(JobFeatures features, int executors, int executorCores, WorkloadStats history);
}
