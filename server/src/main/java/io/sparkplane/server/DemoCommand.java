package io.sparkplane.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.replay.ReplayCommandRunner;
import io.sparkplane.replay.ReplayOptions;
import io.sparkplane.replay.ReplayReport;
import io.sparkplane.server.config.ServerSettings;
import io.sparkplane.server.config.SettingsLoader;
import io.sparkplane.wire.TelemetryJson;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sparkplane demo}: starts the control plane on the embedded store, replays real Spark event
 * logs into it over HTTP, and prints the stored runs as the query API returns them.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Starts the control plane on the embedded store, replays the bundled real Spark event logs"
          + " into it over HTTP and prints the stored runs from the query API."
    })
final class DemoCommand implements Callable<Integer> {

  @Option(names = "--port", defaultValue = "7070", description = "HTTP port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--data-dir",
      defaultValue = "data",
      description = "Directory of the embedded store (default: ./${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--logs",
      description = "Event logs to replay (default: the bundled examples/eventlogs).")
  List<Path> logs;

  @Option(names = "--keep-running", description = "Keep serving after the demo until Ctrl-C.")
  boolean keepRunning;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    ServerSettings settings =
        Overrides.apply(SettingsLoader.load(null, System.getenv()), null, port, dataDir);
    try (ControlPlane server = ControlPlane.create(settings)) {
      int bound = server.start();
      URI base = URI.create("http://localhost:" + bound);
      out.printf(
          "Control plane on %s, embedded store in %s, parts: %s%n%n",
          base, dataDir.toAbsolutePath(), String.join(", ", server.parts()));
      List<Path> paths = logs != null ? logs : bundledLogs();
      out.printf("Replaying %d Spark event log(s) into the collector:%n", paths.size());
      ReplayReport report =
          ReplayCommandRunner.run(
              paths, new ReplayOptions("demo", "local", null, null), Optional.of(base), Optional.empty(), out);
      out.printf(
          "%nReplayed %d log(s), %d run(s), %d event(s) accepted by the collector.%n%n",
          report.logsReplayed(), report.runsFinished(), report.eventsSent());
      printRuns(base, out);
      if (!report.ok()) {
        return 1;
      }
      if (keepRunning) {
        out.printf("%nServing on %s until Ctrl-C.%n", base);
        Thread.currentThread().join();
      }
      return 0;
    }
  }

  private static List<Path> bundledLogs() throws IOException {
    Path dir = Path.of(System.getProperty("sparkplane.home", "."), "examples", "eventlogs");
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> !p.getFileName().toString().endsWith(".md")).sorted().toList();
    }
  }

  private static void printRuns(URI base, PrintStream out) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<byte[]> response =
        http.send(
            HttpRequest.newBuilder(base.resolve("/api/v1/runs?tenant=demo&limit=50")).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    out.printf("GET /api/v1/runs?tenant=demo -> %d%n", response.statusCode());
    JsonNode runs = TelemetryJson.mapper().readTree(response.body()).path("runs");
    out.printf(
        "%-34s %-10s %7s %7s %10s %9s  %s%n",
        "RUN", "STATUS", "TASKS", "FAILED", "RUNTIME_S", "MAX_SKEW", "FAILURE");
    for (JsonNode run : runs) {
      JsonNode summary = run.path("summary");
      double maxSkew = 0;
      for (JsonNode stage : summary.path("stages")) {
        maxSkew = Math.max(maxSkew, stage.path("skewRatio").asDouble());
      }
      String failure = summary.path("failure").path("taskFailures").path(0).path("detail").asText("");
      out.printf(
          "%-34s %-10s %7d %7d %10.1f %9.1f  %s%n",
          run.path("identity").path("runId").asText(),
          run.path("status").asText(),
          summary.path("totals").path("tasks").asLong(),
          summary.path("totals").path("failedTasks").asLong(),
          summary.path("timing").path("durationMs").asLong() / 1000.0,
          maxSkew,
          failure);
    }
    out.printf("%nOne run in full: curl %s/api/v1/runs/<RUN>%n", base);
  }
}
