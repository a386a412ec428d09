package io.sparkplane.collector;

import static io.sparkplane.collector.TestEvents.run;
import static io.sparkplane.collector.TestEvents.started;
import static org.assertj.core.api.Assertions.assertThat;

import io.sparkplane.collector.extension.CollectorExtension;
import io.sparkplane.collector.lost.LostRunSettings;
import io.sparkplane.collector.store.StoredRun;
import io.sparkplane.wire.RunStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lost-run detection as the server schedules it, on the real clock. */
@DisplayName("CollectorServer lost-run detection")
class LostRunsTest {

  @TempDir Path dir;

  @Test
  @DisplayName("A run that goes silent becomes LOST on its own and extensions hear of it like a finished run")
  void silentRunReportedToExtensions() throws Exception {
    BlockingQueue<StoredRun> finished = new LinkedBlockingQueue<>();
    CollectorConfig config =
        CollectorConfig.defaults()
            .withHost("127.0.0.1")
            .withPort(0)
            .withDataDir(dir)
            .withLostRuns(
                LostRunSettings.defaults()
                    .withHeartbeatInterval(Duration.ofMillis(100))
                    .withCheckInterval(Duration.ofMillis(50)));
    try (CollectorServer server =
        CollectorServer.builder(config)
            .extension(
                new CollectorExtension() {
                  @Override
                  public void runFinished(StoredRun run) {
                    finished.add(run);
                  }
                })
            .build()) {
      TestHttp http = new TestHttp(server.start());
      long now = System.currentTimeMillis();
      assertThat(http.postEvents(List.of(started(run("acme", "quiet"), now)), null).statusCode())
          .isEqualTo(200);

      StoredRun run = finished.poll(10, TimeUnit.SECONDS);

      assertThat(run).isNotNull();
      assertThat(run.runId()).isEqualTo("quiet");
      assertThat(run.status()).isEqualTo(RunStatus.LOST);
      assertThat(TestHttp.json(http.get("/api/v1/runs/quiet", null)).path("status").asText())
          .isEqualTo("LOST");
      assertThat(http.get("/metrics", null).body())
          .contains("sparkplane_runs_lost_total{tenant=\"acme\"} 1.0")
          .contains("sparkplane_extension_queue_depth");
    }
  }
}
