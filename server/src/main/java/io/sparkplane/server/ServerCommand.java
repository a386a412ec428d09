package io.sparkplane.server;

import io.sparkplane.server.config.ServerSettings;
import io.sparkplane.server.config.SettingsLoader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sparkplane server}: runs the control plane until interrupted. */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the control plane: collector, run API, triage, alerting and estimator on the embedded"
          + " store (each part can be switched off in the config).",
      "Settings: --config FILE (see docs/configuration.md), overridden by SPARKPLANE_* environment"
          + " variables, overridden by the options below."
    })
final class ServerCommand implements Callable<Integer> {

  @Option(names = "--config", paramLabel = "FILE", description = "sparkplane.yaml to read.")
  Path config;

  @Option(names = "--port", description = "HTTP port (default 7070; 0 picks a free one).")
  Integer port;

  @Option(names = "--host", description = "Interface to listen on (default 0.0.0.0).")
  String host;

  @Option(names = "--data-dir", description = "Directory of the embedded store (default ./data).")
  Path dataDir;

  @Override
  public Integer call() throws InterruptedException {
    ServerSettings settings = Overrides.apply(SettingsLoader.load(config, System.getenv()), host, port, dataDir);
    ControlPlane plane = ControlPlane.create(settings);
    int bound = plane.start();
    System.err.printf(
        "Sparkplane control plane on %s://localhost:%d (store: %s; parts: %s). Ctrl-C stops it.%n",
        plane.scheme(),
        bound, settings.server().dataDir().toAbsolutePath(), String.join(", ", plane.parts()));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  plane.close(); // drains in-flight ingest, then stops every part
                  stopped.countDown();
                },
                "sparkplane-shutdown"));
    stopped.await();
    return 0;
  }
}
