package io.sparkplane.bench.estimator;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sparkplane.collector.CollectorConfig;
import io.sparkplane.collector.CollectorServer;
import io.sparkplane.collector.store.h2.H2RunStore;
import io.sparkplane.estimator.EstimateRequestJson;
import io.sparkplane.estimator.EstimatorExtension;
import io.sparkplane.estimator.EstimatorSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code POST /api/v1/estimates} under an open-loop load: requests are sent at a fixed rate
 * ({@code --rate} per second for {@code --seconds}) whether or not earlier ones were answered, and
 * each latency is measured from its scheduled send time, so a stall shows in the percentiles
 * instead of slowing the load (no coordinated omission). The collector runs in this JVM with the
 * estimator extension serving a model trained on synthetic history; the client shares the machine.
 *
 * <pre>
 * java -Xmx2g -cp ... io.sparkplane.bench.estimator.EstimatorHttpBench --rate 500 --seconds 60
 * </pre>
 */
public final class EstimatorHttpBench {

  private EstimatorHttpBench() {}

  public static void main(String[] args) throws Exception {
    Options options = new Options(args, Map.of("rate", "500", "seconds", "60", "warmup", "10", "history", "20000"));
    System.setProperty("org.slf4j.simpleLogger.log.smile", "warn");
    Path dir = Files.createTempDirectory("estimator-http-bench");
    // Train the model files first, then serve them from a collector with the extension.
    TrainedEstimator trained =
        TrainedEstimator.create(dir.resolve("models"), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), options.integer("history"), false);
    EstimatorExtension extension =
        new EstimatorExtension(
            // The server's workload history starts empty here (no runs finish during the bench):
            // let the model answer unseen workloads rather than the cheaper heuristic.
            EstimatorSettings.builder().modelDir(dir.resolve("models")).newWorkloadFallback(false).build(),
            false);
    try (H2RunStore store = H2RunStore.open(dir.resolve("data"), Clock.systemUTC());
        CollectorServer server =
            CollectorServer.builder(CollectorConfig.defaults().withPort(0).withHost("127.0.0.1").withDataDir(dir))
                .store(store)
                .extension(extension)
                .build()) {
      URI uri = URI.create("http://127.0.0.1:" + server.start() + "/api/v1/estimates");
      List<byte[]> bodies =
          trained.requests.stream()
              .map(r -> EstimateRequestJson.toJson(r).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))
              .toList();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      HttpClient http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .executor(pool)
              .connectTimeout(Duration.ofSeconds(5))
              .build();
      run(http, uri, bodies, options.integer("rate"), options.integer("warmup"), null);
      long[] nanos = new long[options.integer("rate") * options.integer("seconds")];
      AtomicInteger errors = run(http, uri, bodies, options.integer("rate"), options.integer("seconds"), nanos);
      System.out.printf(
          "HTTP estimate at %d req/s for %d s: %s errors=%d%n",
          options.integer("rate"), options.integer("seconds"), new Percentiles(nanos, nanos.length).summary(), errors.get());
      pool.shutdownNow();
    }
  }

  private static AtomicInteger run(
      HttpClient http, URI uri, List<byte[]> bodies, int rate, int seconds, long[] nanos)
      throws InterruptedException {
    int total = rate * seconds;
    CountDownLatch done = new CountDownLatch(total);
    AtomicInteger errors = new AtomicInteger();
    long intervalNanos = 1_000_000_000L / rate;
    long start = System.nanoTime();
    for (int i = 0; i < total; i++) {
      long scheduled = start + i * intervalNanos;
      long wait = scheduled - System.nanoTime();
      if (wait > 0) {
        java.util.concurrent.locks.LockSupport.parkNanos(wait);
      }
      int index = i;
      HttpRequest request =
          HttpRequest.newBuilder(uri)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i % bodies.size())))
              .build();
      http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
          .whenComplete(
              (response, failure) -> {
                if (nanos != null) {
                  nanos[index] = System.nanoTime() - scheduled;
                }
                if (failure != null || response.statusCode() != 200) {
                  errors.incrementAndGet();
                }
                done.countDown();
              });
    }
    done.await();
    return errors;
  }
}
