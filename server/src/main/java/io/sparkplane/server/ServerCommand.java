package io.sparkplane.server;

import io.sparkplane.collector.CollectorConfig;
import io.sparkplane.collector.CollectorServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sparkplane server}: runs the control plane until interrupted. */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description = "Runs the control plane (collector and run API) on the embedded store.")
final class ServerCommand implements Callable<Integer> {

  @Option(
      names = "--port",
      defaultValue = "" + CollectorConfig.DEFAULT_PORT,
      description = "HTTP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(
      names = "--host",
      defaultValue = CollectorConfig.DEFAULT_HOST,
      description = "Interface to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--data-dir",
      defaultValue = "data",
      description = "Directory of the embedded store (default: ./${DEFAULT-VALUE}).")
  Path dataDir;

  @Override
  public Integer call() throws InterruptedException {
    CollectorConfig config =
        CollectorConfig.defaults().withHost(host).withPort(port).withDataDir(dataDir);
    CollectorServer server = CollectorServer.builder(config).build();
    int bound = server.start();
    System.err.printf(
        "Sparkplane control plane on http://localhost:%d (store: %s). Ctrl-C stops it.%n",
        bound, dataDir.toAbsolutePath());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "sparkplane-shutdown"));
    stopped.await();
    return 0;
  }
}
