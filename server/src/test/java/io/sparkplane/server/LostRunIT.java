package io.sparkplane.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.collector.CollectorConfig;
import io.sparkplane.collector.CollectorServer;
import io.sparkplane.collector.lost.LostRunSettings;
import io.sparkplane.wire.TelemetryJson;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A Spark driver killed with SIGKILL")
class LostRunIT {

  private static final Duration HEARTBEAT = Duration.ofMillis(500);
  private static final Duration CHECK = Duration.ofMillis(250);
  /** Polling and a busy shared machine may add this much on top of the configured window. */
  private static final Duration SLACK = Duration.ofSeconds(2);

  @TempDir Path dataDir;
  @TempDir Path work;

  @Test
  @DisplayName("ends LOST within 3 heartbeat intervals plus one check, keeping its last progress and driver heap")
  void killedDriverEndsLost() throws Exception {
    LostRunSettings lost =
        LostRunSettings.defaults().withHeartbeatInterval(HEARTBEAT).withCheckInterval(CHECK);
    try (CollectorServer collector =
        CollectorServer.builder(
                CollectorConfig.defaults().withPort(0).withDataDir(dataDir).withLostRuns(lost))
            .build()) {
      CollectorClient api = new CollectorClient(collector.start());
      String runId = "killed-" + System.nanoTime();
      Process app = startApp(api.url(), runId);
      try {
        JsonNode beforeKill = awaitHeartbeatWithCompletedJob(api, runId, app);
        assertThat(beforeKill.path("status").asText()).isEqualTo("RUNNING");

        app.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no RUN_FINISHED
        long killedAt = System.nanoTime();
        assertThat(app.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        JsonNode run = awaitStatus(api, runId, "LOST", Duration.ofSeconds(30));
        Duration tookAfterKill = Duration.ofNanos(System.nanoTime() - killedAt);

        Duration window = lost.silenceLimit().plus(CHECK);
        System.out.printf("LostRunIT: LOST %d ms after SIGKILL (configured window %d ms)%n",
            tookAfterKill.toMillis(), window.toMillis());
        assertThat(tookAfterKill).as("time from SIGKILL to LOST").isLessThanOrEqualTo(window.plus(SLACK));
        assertThat(run.path("summary").isMissingNode() || run.path("summary").isNull()).isTrue();
        JsonNode heartbeat = run.path("lastHeartbeat");
        assertThat(heartbeat.path("driverHeapUsedBytes").asLong()).isPositive();
        assertThat(heartbeat.path("driverHeapMaxBytes").asLong()).isPositive();
        assertThat(heartbeat.path("progress").path("completedJobs").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(api.json("/api/v1/runs?status=LOST").path("runs")).hasSize(1);
        // the sweep counts a run after it marked it LOST: the count can lag the status briefly
        String countedOnce = "sparkplane_runs_lost_total{tenant=\"acme\"} 1.0";
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String metrics = api.get("/metrics").body();
        while (!metrics.contains(countedOnce) && System.nanoTime() < deadline) {
          Thread.sleep(50);
          metrics = api.get("/metrics").body();
        }
        assertThat(metrics).contains(countedOnce);
      } finally {
        app.destroyForcibly();
      }
    }
  }

  private JsonNode awaitHeartbeatWithCompletedJob(CollectorClient api, String runId, Process app)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      if (!app.isAlive()) {
        throw new AssertionError("app exited early:\n" + Files.readString(work.resolve("app.log")));
      }
      HttpResponse<String> response = api.get("/api/v1/runs/" + runId);
      if (response.statusCode() == 200) {
        JsonNode run = TelemetryJson.mapper().readTree(response.body());
        if (run.path("lastHeartbeat").path("progress").path("completedJobs").asInt() >= 1) {
          return run;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no heartbeat with a completed job:\n" + Files.readString(work.resolve("app.log")));
  }

  private static JsonNode awaitStatus(CollectorClient api, String runId, String status, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "never read";
    while (System.nanoTime() < deadline) {
      JsonNode run = api.json("/api/v1/runs/" + runId);
      last = run.path("status").asText();
      if (last.equals(status)) {
        return run;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("run " + runId + " not " + status + " within " + timeout + " (last: " + last + ")");
  }

  private Process startApp(String collectorUrl, String runId) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx512m");
    for (String opens : System.getProperty("sparkplane.test.opens", "").split(" ")) {
      if (!opens.isBlank()) {
        cmd.add(opens);
      }
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(BusyApp.class.getName());
    cmd.add(collectorUrl);
    cmd.add(runId);
    cmd.add(String.valueOf(HEARTBEAT.toMillis()));
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(work.resolve("app.log").toFile())
        .start();
  }

  /**
   * A Spark application that never ends on its own: one job, then a small job every second until it
   * is killed. Arguments: collector URL, run id, heartbeat interval in ms.
   */
  public static final class BusyApp {

    private BusyApp() {}

    public static void main(String[] args) throws Exception {
      SparkSession spark =
          SparkSession.builder()
              .master("local[2]")
              .appName("killed-driver")
              .config("spark.ui.enabled", "false")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.extraListeners", "io.sparkplane.listener.SparkplaneListener")
              .config("spark.sparkplane.collector.url", args[0])
              .config("spark.sparkplane.run.id", args[1])
              .config("spark.sparkplane.tenant", "acme")
              .config("spark.sparkplane.heartbeat.interval", args[2] + "ms")
              .getOrCreate();
      while (true) {
        spark.range(0, 10_000, 1, 2).selectExpr("sum(id)").collect();
        Thread.sleep(1000);
      }
    }
  }
}
