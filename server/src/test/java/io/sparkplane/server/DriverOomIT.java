package io.sparkplane.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.collector.CollectorConfig;
import io.sparkplane.collector.CollectorServer;
import io.sparkplane.collector.lost.LostRunSettings;
import io.sparkplane.server.apps.DriverOomApp;
import io.sparkplane.triage.TriageExtension;
import io.sparkplane.triage.TriageSettings;
import io.sparkplane.wire.TelemetryJson;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A Spark driver that dies of OutOfMemoryError, heartbeating every second")
class DriverOomIT {

  /**
   * The listener's {@code spark.sparkplane.heartbeat.interval} and the collector's {@code
   * lostRuns.heartbeatInterval}: one value, so the run is lost after 3 s of silence.
   */
  private static final Duration HEARTBEAT = Duration.ofSeconds(1);
  private static final Duration CHECK = Duration.ofMillis(500);

  @TempDir Path dataDir;
  @TempDir Path work;

  @Test
  @DisplayName("leaves its history stored and readable, ends LOST, and is triaged DRIVER_OOM by the heap after GC in its last heartbeat")
  void oomDriverIsLostAndTriagedByHeapAfterGc() throws Exception {
    LostRunSettings lost = LostRunSettings.defaults().withHeartbeatInterval(HEARTBEAT).withCheckInterval(CHECK);
    try (CollectorServer collector =
        CollectorServer.builder(CollectorConfig.defaults().withPort(0).withDataDir(dataDir).withLostRuns(lost))
            .extension(new TriageExtension(TriageSettings.defaults()))
            .build()) {
      CollectorClient api = new CollectorClient(collector.start());
      String runId = "oom-" + System.nanoTime();

      Process app = startApp(api.url(), runId);
      boolean exited = app.waitFor(180, TimeUnit.SECONDS);
      if (!exited) {
        app.destroyForcibly();
      }
      long exitedAt = System.nanoTime();
      String log = Files.readString(work.resolve("app.log"));
      assertThat(exited).as("the OOM app exits within 180 s").isTrue();
      assertThat(log).as("app log").contains("Terminating due to java.lang.OutOfMemoryError");
      assertThat(app.exitValue()).as("exit code of a JVM killed by OOM").isNotZero();

      JsonNode run = api.awaitRun(runId, "LOST", Duration.ofSeconds(30));
      System.out.printf("DriverOomIT: LOST %d ms after the driver exited (silence limit %d ms, check every %d ms)%n",
          Duration.ofNanos(System.nanoTime() - exitedAt).toMillis(), lost.silenceLimit().toMillis(), CHECK.toMillis());
      assertThat(run.path("summary").isMissingNode() || run.path("summary").isNull()).isTrue();
      assertThat(run.path("eventCount").asLong()).isGreaterThanOrEqualTo(2);
      JsonNode heartbeat = run.path("lastHeartbeat");
      long max = heartbeat.path("driverHeapMaxBytes").asLong();
      assertThat(max).isPositive();
      assertThat(heartbeat.path("driverHeapUsedBytes").asLong()).isPositive();
      assertThat(heartbeat.path("driverHeapAfterGcBytes").asLong()).as("heap after GC in the last heartbeat").isPositive();
      assertThat(heartbeat.path("progress").path("completedJobs").asInt()).isGreaterThanOrEqualTo(1);

      JsonNode verdict = awaitVerdict(api, runId, Duration.ofSeconds(30));
      System.out.printf("DriverOomIT: last heartbeat: heap after GC %.3f of max, in use %.3f; verdict %s%n",
          heartbeat.path("driverHeapAfterGcBytes").asDouble() / max, heartbeat.path("driverHeapUsedBytes").asDouble() / max,
          verdict.path("summary").asText());
      assertThat(verdict.path("class").asText()).as(verdict.path("summary").asText()).isEqualTo("DRIVER_OOM");
      assertThat(verdict.path("trigger").asText()).isEqualTo("LOST");
      assertThat(verdict.path("evidence"))
          .anySatisfy(e -> {
            assertThat(e.path("name").asText()).isEqualTo("lastHeartbeat.driverHeapAfterGcFraction");
            assertThat(e.path("value").asDouble()).isGreaterThanOrEqualTo(0.8);
            assertThat(e.path("threshold").asDouble()).isEqualTo(0.8);
          });
      assertThat(verdict.path("evidence"))
          .noneSatisfy(e -> assertThat(e.path("name").asText()).isEqualTo("lastHeartbeat.driverHeapUsedFraction"));

      JsonNode listing = api.json("/api/v1/runs?tenant=acme");
      assertThat(listing.path("runs")).hasSize(1);
      assertThat(api.get("/health/ready").statusCode()).isEqualTo(200);
    }
  }

  private static JsonNode awaitVerdict(CollectorClient api, String runId, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "never asked";
    while (System.nanoTime() < deadline) {
      HttpResponse<String> response = api.get("/api/v1/runs/" + runId + "/triage");
      if (response.statusCode() == 200) {
        return TelemetryJson.mapper().readTree(response.body());
      }
      last = response.statusCode() + " " + response.body();
      Thread.sleep(200);
    }
    throw new AssertionError("no triage verdict for " + runId + " within " + timeout + " (last: " + last + ")");
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
    cmd.add(String.valueOf(HEARTBEAT.toMillis()));
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(work.resolve("app.log").toFile())
        .start();
  }
}
