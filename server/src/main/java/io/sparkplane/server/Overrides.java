package io.sparkplane.server;

import io.sparkplane.server.config.ServerSettings;
import java.nio.file.Path;

/** Command-line options win over the config file and the environment. */
final class Overrides {

  private Overrides() {}

  static ServerSettings apply(ServerSettings settings, String host, Integer port, Path dataDir) {
    ServerSettings.Server s = settings.server();
    ServerSettings.Server server =
        new ServerSettings.Server(
            host != null ? host : s.host(),
            port != null ? port : s.port(),
            dataDir != null ? dataDir : s.dataDir(),
            s.shutdownTimeout(),
            s.tls());
    return new ServerSettings(
        server,
        settings.collector(),
        settings.store(),
        settings.triage(),
        settings.retries(),
        settings.alerting(),
        settings.estimator(),
        settings.console());
  }
}
