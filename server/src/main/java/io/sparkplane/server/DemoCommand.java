package io.sparkplane.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkplane.engine.AlertSink;
import io.sparkplane.engine.DemoResult;
import io.sparkplane.engine.DemoScenario;
import io.sparkplane.engine.EngineSettings;
import io.sparkplane.engine.SegmentationEngine;
import io.sparkplane.replay.ReplayCommandRunner;
import io.sparkplane.replay.ReplayOptions;
import io.sparkplane.replay.ReplayReport;
import io.sparkplane.server.config.ServerSettings;
import io.sparkplane.server.config.SettingsLoader;
import io.sparkplane.wire.TelemetryJson;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sparkplane demo}: the whole control plane on the embedded store, fed by the reference
 * segmentation engine through a scripted scenario (healthy runs, a skewed run retried with salting,
 * a Cartesian explosion, a driver OOM, a failure burst paging a local webhook, the estimator
 * trained), after a backfill of real Spark event logs.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the control plane on the embedded store and the reference segmentation engine through a"
          + " scripted scenario, prints what each step showed with console links, then keeps serving"
          + " (or exits with --exit). Exit code 0 when every step showed what it should."
    })
final class DemoCommand implements Callable<Integer> {

  @Option(names = "--port", defaultValue = "7070", description = "HTTP port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--data-dir",
      defaultValue = "data",
      description = "Directory of the embedded store (default: ./${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--exit", description = "Exit after the scenario instead of serving until Ctrl-C.")
  boolean exit;

  @Option(names = "--report", paramLabel = "FILE", description = "Write each step's outcome as JSON.")
  Path report;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    Files.createDirectories(dataDir);
    try (AlertSink sink = AlertSink.start();
        SegmentationEngine engine = SegmentationEngine.open(EngineSettings.defaults())) {
      ServerSettings settings = demoSettings(engine, sink);
      try (ControlPlane plane = ControlPlane.create(settings)) {
        URI base = URI.create("http://localhost:" + plane.start());
        out.printf(
            "Control plane on %s (console %s/ui), embedded store in %s%nParts: %s%n%n",
            base, base, dataDir.toAbsolutePath(), String.join(", ", plane.parts()));
        ReplayReport backfill = backfill(base, out);
        engine.connect(base);
        DemoResult result = new DemoScenario(engine, base, sink, out).run();
        out.printf(
            "%nScenario: %d step(s), %s, in %.0f s; history backfilled from %d real event log(s).%n",
            result.steps().size(),
            result.ok() ? "every step showed what it should" : "SOME STEPS FAILED",
            result.runtimeMs() / 1000.0,
            backfill.logsReplayed());
        if (report != null) {
          writeReport(result, backfill);
        }
        if (!exit) {
          out.printf("%nServing on %s (console %s/ui) until Ctrl-C.%n", base, base);
          Thread.currentThread().join();
        }
        return result.ok() && backfill.ok() ? 0 : 1;
      }
    }
  }

  /** Retries go to the engine's webhook; alerts to the local sink; lost runs found within seconds. */
  private ServerSettings demoSettings(SegmentationEngine engine, AlertSink sink) throws IOException {
    Path alerting = dataDir.resolve("demo-alerting.yaml");
    Files.writeString(
        alerting,
        "routing:\n  groupWait: 1s\nnotifiers:\n  - type: webhook\n    name: demo-sink\n    url: "
            + sink.url()
            + "\n");
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("SPARKPLANE_RETRIES_WEBHOOK_URL", engine.webhookUrl().toString());
    env.put("SPARKPLANE_ALERTING_CONFIG", alerting.toString());
    env.put("SPARKPLANE_COLLECTOR_HEARTBEAT_INTERVAL", "1s");
    env.put("SPARKPLANE_COLLECTOR_LOST_CHECK_INTERVAL", "500ms");
    return Overrides.apply(SettingsLoader.load(null, env), null, port, dataDir);
  }

  private static ReplayReport backfill(URI base, PrintStream out) throws IOException {
    Path dir = Path.of(System.getProperty("sparkplane.home", "."), "examples", "eventlogs");
    List<Path> logs;
    try (Stream<Path> files = Files.list(dir)) {
      logs = files.filter(p -> !p.getFileName().toString().endsWith(".md")).sorted().toList();
    }
    out.printf("Backfilling history from %d real Spark event log(s):%n", logs.size());
    ReplayReport report =
        ReplayCommandRunner.run(
            logs, new ReplayOptions("demo", "local", null, null), Optional.of(base), Optional.empty(), out);
    out.println();
    return report;
  }

  private void writeReport(DemoResult result, ReplayReport backfill) throws IOException {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("ok", result.ok() && backfill.ok());
    root.put("runtimeMs", result.runtimeMs());
    root.put("logsReplayed", backfill.logsReplayed());
    ArrayNode steps = root.putArray("steps");
    for (DemoResult.Step step : result.steps()) {
      ObjectNode s = steps.addObject();
      s.put("name", step.name());
      s.put("ok", step.ok());
      s.put("shows", step.shows());
      s.put("tenant", step.tenant());
      step.runIds().forEach(s.putArray("runIds")::add);
    }
    Files.writeString(report, TelemetryJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root));
  }
}
