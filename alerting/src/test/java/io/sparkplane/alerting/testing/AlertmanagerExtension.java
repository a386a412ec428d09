package io.sparkplane.alerting.testing;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a real Alertmanager ({@code prometheus-alertmanager}) on a free loopback port with its own
 * config and data directory for the test class; clustering off, one null receiver.
 *
 * <pre>{@code
 * @RegisterExtension static final AlertmanagerExtension ALERTMANAGER = new AlertmanagerExtension();
 * ALERTMANAGER.url(); // http://127.0.0.1:<port>
 * }</pre>
 */
public final class AlertmanagerExtension implements BeforeAllCallback, AfterAllCallback {

  private ServerProcess server;
  private Path dir;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    Path binary = PrometheusTools.require("prometheus-alertmanager");
    dir = Files.createTempDirectory("sparkplane-alertmanager");
    Path config = dir.resolve("alertmanager.yml");
    Files.writeString(
        config,
        """
        route:
          receiver: "null"
          group_by: [alertname, scope, tenant, region]
          group_wait: 1s
        receivers:
          - name: "null"
        """);
    server = ServerProcess.alertmanager(binary, config, dir);
  }

  public URI url() {
    return server.base();
  }

  public String log() {
    return server.logText();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (server != null) {
      server.close();
    }
  }
}
