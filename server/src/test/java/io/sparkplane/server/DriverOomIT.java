package io.sparkplane.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.collector.CollectorConfig;
import io.sparkplane.collector.CollectorServer;
import io.sparkplane.server.apps.DriverOomApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A Spark driver that dies of OutOfMemoryError")
class DriverOomIT {

  @TempDir Path dataDir;
  @TempDir Path work;

  @Test
  @DisplayName("leaves what reached the collector stored and readable: the run, its heartbeats, nothing corrupt")
  void oomDriverLeavesConsistentHistory() throws Exception {
    try (CollectorServer collector =
        CollectorServer.builder(CollectorConfig.defaults().withPort(0).withDataDir(dataDir)).build()) {
      CollectorClient api = new CollectorClient(collector.start());
      String runId = "oom-" + System.nanoTime();

      Process app = startApp(api.url(), runId);
      boolean exited = app.waitFor(180, TimeUnit.SECONDS);
      if (!exited) {
        app.destroyForcibly();
      }
      String log = Files.readString(work.resolve("app.log"));
      assertThat(exited).as("the OOM app exits within 180 s").isTrue();
      assertThat(log).as("app log").contains("Terminating due to java.lang.OutOfMemoryError");
      assertThat(app.exitValue()).as("exit code of a JVM killed by OOM").isNotZero();

      JsonNode run = api.json("/api/v1/runs/" + runId);
      assertThat(run.path("status").asText()).isEqualTo("RUNNING");
      assertThat(run.path("summary").isMissingNode() || run.path("summary").isNull()).isTrue();
      assertThat(run.path("eventCount").asLong()).isGreaterThanOrEqualTo(2);
      JsonNode heartbeat = run.path("lastHeartbeat");
      assertThat(heartbeat.path("driverHeapMaxBytes").asLong()).isPositive();
      assertThat(heartbeat.path("driverHeapUsedBytes").asLong()).isPositive();
      assertThat(heartbeat.path("progress").path("completedJobs").asInt()).isGreaterThanOrEqualTo(1);

      JsonNode listing = api.json("/api/v1/runs?tenant=acme");
      assertThat(listing.path("runs")).hasSize(1);
      assertThat(api.get("/health/ready").statusCode()).isEqualTo(200);
    }
  }

  private Process startApp(String collectorUrl, String runId) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx512m"); // the smallest heap Spark 4 accepts for a driver
    cmd.add("-XX:+ExitOnOutOfMemoryError");
    for (String opens : System.getProperty("sparkplane.test.opens", "").split(" ")) {
      if (!opens.isBlank()) {
        cmd.add(opens);
      }
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(DriverOomApp.class.getName());
    cmd.add(collectorUrl);
    cmd.add(runId);
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(work.resolve("app.log").toFile())
        .start();
  }
}
