package io.sparkplane.estimator;

import io.sparkplane.collector.CollectorConfig;
import io.sparkplane.collector.CollectorServer;
import io.sparkplane.collector.auth.TenantScope;
import io.sparkplane.collector.store.RunStore;
import io.sparkplane.collector.store.h2.H2RunStore;
import io.sparkplane.estimator.synthetic.SyntheticRun;
import io.sparkplane.wire.RunStarted;
import io.sparkplane.wire.TelemetryEvent;
import io.sparkplane.wire.TelemetryJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A real collector on a free port with the estimator (manual training only, at least 50 runs) and
 * an H2 store under {@code dir}; tokens {@code admin} (all tenants) and {@code t0} (tenant-0).
 */
final class EstimatorServer implements AutoCloseable {

  private final RunStore store;
  private final CollectorServer server;
  private final URI base;
  private final HttpClient http = HttpClient.newHttpClient();

  /** @param trees boosting trees per model: fewer keep training in tests fast */
  EstimatorServer(Path dir, int trees) {
    store = H2RunStore.open(dir.resolve("data"), Clock.systemUTC());
    EstimatorExtension estimator =
        new EstimatorExtension(
            EstimatorSettings.builder().modelDir(dir.resolve("models")).minTrainingRuns(50).trees(trees).build(),
            false);
    server =
        CollectorServer.builder(CollectorConfig.defaults().withPort(0).withDataDir(dir))
            .store(store)
            .authenticator(
                token ->
                    switch (token == null ? "" : token) {
                      case "admin" -> Optional.of(TenantScope.ALL);
                      case "t0" -> Optional.of(TenantScope.of("tenant-0"));
                      default -> Optional.empty();
                    })
            .extension(estimator)
            .build();
    base = URI.create("http://127.0.0.1:" + server.start());
  }

  RunStore store() {
    return store;
  }

  HttpResponse<String> post(String path, String body, String token) throws Exception {
    return http.send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The body of a GET, with {@code token} as bearer unless null (for {@code /metrics}). */
  String get(String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  /** Posts the runs' start and finish events as telemetry, with the admin token. */
  HttpResponse<String> ingest(List<SyntheticRun> runs) throws Exception {
    List<TelemetryEvent> events = new ArrayList<>();
    for (SyntheticRun run : runs) {
      var r = run.run();
      events.add(TelemetryEvent.started(r.identity(), r.submitTimeMs(), new RunStarted(r.submitTimeMs(), r.resources())));
      events.add(TelemetryEvent.finished(r.identity(), r.endTimeMs(), r.summary()));
    }
    return post("/api/v1/telemetry", TelemetryJson.toJson(events), "admin");
  }

  @Override
  public void close() {
    server.close();
    store.close();
  }
}
