package io.sparkplane.bench.estimator;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sparkplane.estimator.Estimate;
import io.sparkplane.estimator.EstimateRequest;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

/**
 * In-process prediction latency: {@code Estimator.estimate} (the whole recommendation: one model
 * evaluation per executor count on the ladder, memory sizing, partitions) on one thread, with a
 * challenger answering in shadow when {@code --shadow 1}.
 *
 * <pre>
 * java -Xmx2g -cp ... io.sparkplane.bench.estimator.EstimatorPredictionBench --calls 200000
 * </pre>
 */
public final class EstimatorPredictionBench {

  private EstimatorPredictionBench() {}

  public static void main(String[] args) throws Exception {
    Options options = new Options(args, Map.of("calls", "200000", "warmup", "50000", "history", "20000", "shadow", "0"));
    TrainedEstimator estimator =
        TrainedEstimator.create(
            Files.createTempDirectory("estimator-bench"),
            new SimpleMeterRegistry(),
            options.integer("history"),
            options.integer("shadow") == 1);
    List<EstimateRequest> requests = estimator.requests;
    long sink = 0;
    for (int i = 0; i < options.integer("warmup"); i++) {
      sink += estimator.service.estimate(requests.get(i % requests.size())).executors();
    }
    int calls = options.integer("calls");
    long[] nanos = new long[calls];
    int fallbacks = 0;
    for (int i = 0; i < calls; i++) {
      EstimateRequest request = requests.get(i % requests.size());
      long t0 = System.nanoTime();
      Estimate e = estimator.service.estimate(request);
      nanos[i] = System.nanoTime() - t0;
      sink += e.executors();
      if (e.heuristicFallback()) {
        fallbacks++;
      }
    }
    System.out.println("in-process estimate (shadow=" + options.integer("shadow") + "): "
        + new Percentiles(nanos, calls).summary() + " heuristic answers=" + fallbacks + " (sink " + sink + ")");
  }
}
