package io.sparkplane.estimator.internal;

import io.sparkplane.estimator.JobFeatures;

/** A {@link RuntimeModel} answering for one workload, as a {@link Predictor}. Internal. */
public record ModelPredictor(RuntimeModel model, String workloadKey) implements Predictor {

  @Override
  public Prediction predict(
      JobFeatures features, int executors, int executorCores, WorkloadStats history) {
    return model.predict(features, executors, executorCores, history, workloadKey);
  }

  @Override
  public double[] runtime(
      JobFeatures features, int executors, int executorCores, WorkloadStats history) {
    return model.predictRuntime(features, executors, executorCores, history, workloadKey);
  }
}
