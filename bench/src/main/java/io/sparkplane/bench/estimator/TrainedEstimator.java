package io.sparkplane.bench.estimator;

import io.micrometer.core.instrument.MeterRegistry;
import io.sparkplane.estimator.EstimateRequest;
import io.sparkplane.estimator.EstimatorService;
import io.sparkplane.estimator.EstimatorSettings;
import io.sparkplane.estimator.internal.ModelRegistry;
import io.sparkplane.estimator.internal.ModelTrainer;
import io.sparkplane.estimator.internal.RuntimeModel;
import io.sparkplane.estimator.internal.TrainingRun;
import io.sparkplane.estimator.synthetic.SyntheticRun;
import java.nio.file.Path;
import java.util.List;

/** An estimator service serving a model trained on synthetic history, plus requests to ask it. */
final class TrainedEstimator {

  final EstimatorService service;
  final List<EstimateRequest> requests;

  private TrainedEstimator(EstimatorService service, List<EstimateRequest> requests) {
    this.service = service;
    this.requests = requests;
  }

  /**
   * @param withShadow also offer a second model, so every estimate is answered in shadow too
   */
  static TrainedEstimator create(Path modelDir, MeterRegistry meters, int historyRuns, boolean withShadow) {
    System.setProperty("org.slf4j.simpleLogger.log.smile", "warn");
    EstimatorSettings settings = EstimatorSettings.builder().modelDir(modelDir).build();
    List<SyntheticRun> runs = Fleet.runs(3, historyRuns + 1_000);
    List<TrainingRun> training = runs.subList(0, historyRuns).stream().map(Fleet::training).toList();
    EstimatorService service = new EstimatorService(settings, meters);
    training.forEach(service::runFinished);
    ModelRegistry registry = new ModelRegistry(modelDir, 10);
    RuntimeModel model = new ModelTrainer(settings).fit(training, "v1", 0);
    registry.save(model);
    service.offer("v1");
    if (withShadow) {
      RuntimeModel second =
          new ModelTrainer(settings).fit(training.subList(historyRuns / 2, historyRuns), "v2", 0);
      registry.save(second);
      service.offer("v2");
    }
    List<EstimateRequest> requests =
        runs.subList(historyRuns, runs.size()).stream()
            .map(r -> r.request())
            .map(r -> new EstimateRequest(r.tenant(), r.workload(), null, r.features(), java.time.Duration.ofMinutes(30)))
            .toList();
    return new TrainedEstimator(service, requests);
  }
}
