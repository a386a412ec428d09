package io.sparkplane.console.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkplane.collector.CollectorConfig;
import io.sparkplane.collector.CollectorServer;
import io.sparkplane.collector.auth.TenantAuthenticator;
import io.sparkplane.collector.auth.TenantScope;
import io.sparkplane.collector.extension.CollectorExtension;
import io.sparkplane.collector.store.RunStore;
import io.sparkplane.collector.store.h2.H2RunStore;
import io.sparkplane.console.ConsoleExtension;
import io.sparkplane.console.ConsoleSettings;
import io.sparkplane.wire.TelemetryEvent;
import io.sparkplane.wire.TelemetryJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * A real collector on a free port with the console and the given extensions, an H2 store in a
 * temporary directory, and two tokens: {@value #OPS_TOKEN} for all tenants, {@value #ACME_TOKEN}
 * for tenant acme.
 */
public final class ConsoleServer implements AutoCloseable {

  public static final String OPS_TOKEN = "ops-token";
  public static final String ACME_TOKEN = "acme-token";

  private final RunStore store;
  private final CollectorServer server;
  private final URI base;
  private final HttpClient http = HttpClient.newHttpClient();

  public ConsoleServer(Path dataDir, List<CollectorExtension> extensions) {
    this(dataDir, extensions, ConsoleSettings.defaults());
  }

  public ConsoleServer(Path dataDir, List<CollectorExtension> extensions, ConsoleSettings settings) {
    store = H2RunStore.open(dataDir, Clock.systemUTC());
    TenantAuthenticator tokens =
        token -> {
          if (OPS_TOKEN.equals(token)) {
            return Optional.of(TenantScope.ALL);
          }
          return ACME_TOKEN.equals(token) ? Optional.of(TenantScope.of("acme")) : Optional.empty();
        };
    CollectorServer.Builder builder =
        CollectorServer.builder(CollectorConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(dataDir))
            .store(store)
            .authenticator(tokens)
            .extension(new ConsoleExtension(settings));
    extensions.forEach(builder::extension);
    server = builder.build();
    base = URI.create("http://127.0.0.1:" + server.start());
  }

  public RunStore store() {
    return store;
  }

  public String url(String path) {
    return base.resolve(path).toString();
  }

  public void ingest(List<TelemetryEvent> events) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(base.resolve("/api/v1/telemetry"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + OPS_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofByteArray(TelemetryJson.toBytes(events)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  public HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path));
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Waits for a background extension (triage, alerting) to catch up. */
  public static void await(String what, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  @Override
  public void close() {
    server.close();
    store.close();
  }
}
