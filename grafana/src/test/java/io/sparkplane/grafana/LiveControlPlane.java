package io.sparkplane.grafana;

import io.sparkplane.collector.auth.TokenHasher;
import io.sparkplane.server.ControlPlane;
import io.sparkplane.server.config.SettingsLoader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The control plane exactly as {@code sparkplane server} composes it ({@link ControlPlane} from a
 * {@code sparkplane.yaml} read by {@link SettingsLoader}), on a free loopback port: the collector
 * with its tenants file and limits, triage, retries, alerting, estimator, console. Only the
 * settings differ from production, and only through documented keys: short heartbeats so a silent
 * driver is lost within seconds, a small tenant bucket so one tenant gets throttled, retries to the
 * test's webhook, alerts to a webhook, and no scheduled retraining (the test trains by hand).
 */
final class LiveControlPlane implements AutoCloseable {

  /** Events per second and burst of each tenant's bucket: {@link FleetTraffic#overRateLimit} drains it. */
  static final int TENANT_RATE = 100;
  static final int TENANT_BURST = 200;

  private final ControlPlane plane;
  private final URI base;

  private LiveControlPlane(ControlPlane plane, URI base) {
    this.plane = plane;
    this.base = base;
  }

  /**
   * Writes the settings, tenants and alerting files under {@code dir} and starts the control plane.
   *
   * @param retryWebhook where retries are sent ({@code retries.webhookUrl})
   * @param alertWebhook where alert notifications are sent (a webhook notifier)
   */
  static LiveControlPlane start(Path dir, URI retryWebhook, URI alertWebhook) throws Exception {
    Files.createDirectories(dir);
    Path tenants = dir.resolve("tenants.yaml");
    Files.writeString(
        tenants,
        """
        tenants:
          %s: ["%s"]
        operators: ["%s"]
        """
            .formatted(
                FleetTraffic.NOISY_TENANT,
                TokenHasher.hash(FleetTraffic.tenantToken(FleetTraffic.NOISY_TENANT)),
                TokenHasher.hash(FleetTraffic.ADMIN)));
    Path alerting = dir.resolve("alerting.yaml");
    Files.writeString(
        alerting,
        """
        routing:
          groupWait: 300ms
        notifiers:
          - type: webhook
            name: oncall
            url: %s
        """
            .formatted(alertWebhook));
    Path settings = dir.resolve("sparkplane.yaml");
    Files.writeString(
        settings,
        """
        server:
          host: 127.0.0.1
          port: 0
          dataDir: '%s'
        collector:
          tenantsFile: '%s'
          tenantEventsPerSecond: %d
          tenantBurstEvents: %d
          heartbeatInterval: 1s
          lostCheckInterval: 500ms
        retries:
          webhookUrl: '%s'
        alerting:
          config: '%s'
        estimator:
          modelDir: '%s'
          retrainCron: '0 0 0 1 1 ? 2099'
        """
            .formatted(
                dir.resolve("data"), tenants, TENANT_RATE, TENANT_BURST, retryWebhook, alerting, dir.resolve("models")));
    // an empty environment: SPARKPLANE_* variables of the machine running the build must not leak in
    ControlPlane plane = ControlPlane.create(SettingsLoader.load(settings, Map.of()));
    try {
      int port = plane.start();
      return new LiveControlPlane(plane, URI.create("http://127.0.0.1:" + port));
    } catch (RuntimeException e) {
      plane.close();
      throw e;
    }
  }

  URI base() {
    return base;
  }

  /** {@code host:port} for Prometheus's static target. */
  String target() {
    return base.getHost() + ":" + base.getPort();
  }

  @Override
  public void close() {
    plane.close();
  }
}
