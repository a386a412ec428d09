package io.sparkplane.collector.extension;

import static io.sparkplane.collector.TestEvents.finished;
import static io.sparkplane.collector.TestEvents.run;
import static io.sparkplane.collector.TestEvents.started;
import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.sparkplane.collector.CollectorConfig;
import io.sparkplane.collector.CollectorServer;
import io.sparkplane.collector.store.StoredRun;
import io.sparkplane.wire.RunIdentity;
import io.sparkplane.wire.RunStatus;
import io.sparkplane.wire.TelemetryJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A collector extension")
class CollectorExtensionTest {

  @TempDir Path dataDir;

  /** Records finished runs and serves their count, as triage or alerting would plug in. */
  private static final class RecordingExtension implements CollectorExtension {
    final List<StoredRun> finished = new CopyOnWriteArrayList<>();
    final CountDownLatch first = new CountDownLatch(1);
    volatile boolean closed;

    @Override
    public void start(Javalin app, ExtensionContext context) {
      app.get("/api/v1/test-extension", ctx -> ctx.result(String.valueOf(finished.size())));
    }

    @Override
    public void runFinished(StoredRun run) {
      finished.add(run);
      first.countDown();
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @Test
  @DisplayName("serves its routes and is told once about each run that became finished, after it is stored")
  void routesAndFinishedRuns() throws Exception {
    RecordingExtension extension = new RecordingExtension();
    HttpClient http = HttpClient.newHttpClient();
    try (CollectorServer server =
        CollectorServer.builder(CollectorConfig.defaults().withPort(0).withDataDir(dataDir))
            .extension(extension)
            .build()) {
      URI base = URI.create("http://localhost:" + server.start());
      RunIdentity id = run("acme", "run-1");
      byte[] body =
          TelemetryJson.toBytes(List.of(started(id, 1_000), finished(id, 1_000, RunStatus.FAILED)));
      for (int i = 0; i < 2; i++) { // the second post is all duplicates: no second call
        HttpResponse<String> post =
            http.send(
                HttpRequest.newBuilder(base.resolve("/api/v1/telemetry"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(200);
      }

      assertThat(extension.first.await(10, TimeUnit.SECONDS)).isTrue();
      HttpResponse<String> route =
          http.send(
              HttpRequest.newBuilder(base.resolve("/api/v1/test-extension")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(route.body()).isEqualTo("1");
      StoredRun run = extension.finished.get(0);
      assertThat(run.status()).isEqualTo(RunStatus.FAILED);
      assertThat(run.summary()).isNotNull();
    }
    assertThat(extension.finished).hasSize(1);
    assertThat(extension.closed).isTrue();
  }
}
