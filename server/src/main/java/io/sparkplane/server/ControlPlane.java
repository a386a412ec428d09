package io.sparkplane.server;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.sparkplane.alerting.AlertingExtension;
import io.sparkplane.alerting.config.AlertingConfig;
import io.sparkplane.alerting.config.AlertingConfigLoader;
import io.sparkplane.collector.CollectorConfig;
import io.sparkplane.console.ConsoleExtension;
import io.sparkplane.console.ConsoleSettings;
import io.sparkplane.collector.CollectorServer;
import io.sparkplane.collector.auth.TenantTokens;
import io.sparkplane.collector.extension.ListenerCostMetrics;
import io.sparkplane.collector.ingest.IngestLimits;
import io.sparkplane.collector.store.RunStore;
import io.sparkplane.collector.store.elasticsearch.ElasticsearchRunStore;
import io.sparkplane.collector.store.elasticsearch.ElasticsearchStoreConfig;
import io.sparkplane.collector.lost.LostRunSettings;
import io.sparkplane.collector.tracing.CollectorTracing;
import io.sparkplane.collector.tracing.OtlpTracing;
import io.sparkplane.estimator.EstimatorExtension;
import io.sparkplane.estimator.EstimatorSettings;
import io.sparkplane.server.config.ServerSettings;
import io.sparkplane.server.config.SettingsException;
import io.sparkplane.server.tls.HttpsListener;
import io.sparkplane.triage.TriageExtension;
import io.sparkplane.triage.TriageMeterSettings;
import io.sparkplane.triage.TriageSettings;
import io.sparkplane.triage.TriageTracing;
import io.sparkplane.triage.retry.RetryExtension;
import io.sparkplane.triage.retry.RetrySettings;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole control plane in one process, composed from {@link ServerSettings}: the collector with
 * its limits, tenants, lost-run detection and tracing, and the parts that are switched on (triage,
 * alerting, estimator). Closing it drains in-flight ingest and stops every part.
 */
public final class ControlPlane implements AutoCloseable {

  private final CollectorServer server;
  private final OpenTelemetrySdk tracing;
  private final List<String> parts;
  private int port = -1;

  private final RunStore suppliedStore;
  private final String scheme;

  private ControlPlane(
      CollectorServer server,
      OpenTelemetrySdk tracing,
      RunStore suppliedStore,
      List<String> parts,
      String scheme) {
    this.server = server;
    this.scheme = scheme;
    this.tracing = tracing;
    this.suppliedStore = suppliedStore;
    this.parts = List.copyOf(parts);
  }

  private static RunStore openElasticsearch(ServerSettings.Store store) {
    return ElasticsearchRunStore.open(elasticsearchConfig(store), Clock.systemUTC());
  }

  public static ControlPlane create(ServerSettings settings) {
    ServerSettings.Server s = settings.server();
    ServerSettings.Collector c = settings.collector();
    CollectorServer.Builder builder = CollectorServer.builder(collectorConfig(settings));
    List<String> parts = new ArrayList<>(List.of("collector", "run API", "listener cost metrics"));
    if (s.tls().enabled()) {
      builder.extension(HttpsListener.of(s));
      parts.add("https");
    }
    RunStore ownStore = null;
    if (settings.store().type().equals("elasticsearch")) {
      ownStore = openElasticsearch(settings.store());
      builder.store(ownStore);
      parts.add("elasticsearch store");
    } else {
      parts.add("embedded store");
    }
    if (c.tenantsFile() != null) {
      try {
        builder.authenticator(TenantTokens.load(c.tenantsFile()).authenticator());
      } catch (IOException e) {
        throw new SettingsException("collector.tenantsFile", "cannot be read: " + e.getMessage(), e);
      }
      parts.add("tenant tokens");
    }
    OpenTelemetrySdk sdk = null;
    if (c.otelEndpoint() != null) {
      sdk = OtlpTracing.start(c.otelEndpoint(), "sparkplane-collector");
      builder.tracing(CollectorTracing.of(sdk));
      parts.add("tracing");
    }
    builder.extension(new ListenerCostMetrics());
    if (settings.triage().enabled()) {
      builder.extension(
          new TriageExtension(
              TriageSettings.defaults(),
              triageMeterSettings(settings.triage()),
              sdk == null ? TriageTracing.noop() : TriageTracing.of(sdk)));
      parts.add("triage");
      if (settings.retries().enabled()) {
        // after triage: retries read the verdict it stored
        builder.extension(new RetryExtension(retrySettings(settings.retries())));
        parts.add(settings.retries().webhookUrl() == null ? "retries (no webhook: decisions only)" : "retries");
      }
    }
    if (settings.alerting().enabled()) {
      AlertingConfig alerting =
          settings.alerting().config() == null
              ? AlertingConfig.defaults()
              : AlertingConfigLoader.load(settings.alerting().config());
      builder.extension(new AlertingExtension(alerting));
      parts.add("alerting");
    }
    if (settings.estimator().enabled()) {
      builder.extension(new EstimatorExtension(estimatorSettings(settings)));
      parts.add("estimator");
    }
    if (settings.console().enabled()) {
      builder.extension(new ConsoleExtension(consoleSettings(settings.console())));
      parts.add(settings.console().tenantAccess() ? "console (/ui, tenant access)" : "console (/ui)");
    }
    return new ControlPlane(builder.build(), sdk, ownStore, parts, s.tls().enabled() ? "https" : "http");
  }

  /** The collector's settings from {@code server.*} and {@code collector.*}. */
  static CollectorConfig collectorConfig(ServerSettings settings) {
    ServerSettings.Server s = settings.server();
    ServerSettings.Collector c = settings.collector();
    return CollectorConfig.defaults()
        .withHost(s.host())
        .withPort(s.port())
        .withDataDir(s.dataDir())
        .withShutdownTimeout(s.shutdownTimeout())
        .withMaxPayloadBytes(c.maxPayloadBytes())
        .withRetryAfterSeconds(c.retryAfterSeconds())
        .withIngestLimits(
            IngestLimits.defaults()
                .withMaxJsonDepth(c.maxJsonDepth())
                .withMaxFieldsPerEvent(c.maxFieldsPerEvent())
                .withTenantRate(c.tenantEventsPerSecond(), c.tenantBurstEvents())
                .withMaxInflightPayloadBytes(c.maxInflightPayloadBytes()))
        .withLostRuns(
            LostRunSettings.defaults()
                .withHeartbeatInterval(c.heartbeatInterval())
                .withCheckInterval(c.lostCheckInterval()))
        .withMaxTenantMeters(c.maxTenantMeters())
        .withMetricsTokenHash(c.metricsTokenHash())
        .withExtensionQueueCapacity(c.extensionQueueCapacity());
  }

  /** The Elasticsearch store's settings from {@code store.*}; the rest keep the store's defaults. */
  static ElasticsearchStoreConfig elasticsearchConfig(ServerSettings.Store store) {
    URI url;
    try {
      url = URI.create(store.elasticsearchUrl());
    } catch (IllegalArgumentException e) {
      throw new SettingsException("store.elasticsearchUrl", e.getMessage(), e);
    }
    ElasticsearchStoreConfig d =
        ElasticsearchStoreConfig.defaults(url)
            .withIndexPrefix(store.indexPrefix())
            .withRetentionMonths(store.retentionMonths())
            .withTimeouts(store.requestTimeout(), store.healthTimeout())
            .withScanPageSize(store.scanPageSize())
            .withWrittenRunsCacheSize(store.writtenRunsCacheSize());
    // no withers for these two: the canonical constructor, every other value as above
    return new ElasticsearchStoreConfig(
        d.url(), d.indexPrefix(), d.retentionMonths(), d.refresh(), d.refreshInterval(), d.shards(),
        d.replicas(), d.requestTimeout(), d.healthTimeout(), store.maxConnections(), store.maxConflictRetries(),
        d.scanPageSize(), d.writtenRunsCacheSize());
  }

  /** Triage's meter limits from {@code triage.metrics.*}. */
  static TriageMeterSettings triageMeterSettings(ServerSettings.Triage triage) {
    return new TriageMeterSettings(triage.metrics().maxFingerprints());
  }

  /** The retry part's settings: {@code retries.*} as {@code retry.*} properties, read by RetrySettings. */
  static RetrySettings retrySettings(ServerSettings.Retries retries) {
    return retries.retrySettings(); // checked at load already, naming the server key
  }

  /** The estimator's settings from {@code estimator.*}; models under the data directory by default. */
  static EstimatorSettings estimatorSettings(ServerSettings settings) {
    ServerSettings.Estimator e = settings.estimator();
    EstimatorSettings.Builder estimator =
        EstimatorSettings.builder()
            .modelDir(e.modelDir() != null ? e.modelDir() : settings.server().dataDir().resolve("estimator"))
            .maxTrainingRows(e.maxTrainingRows())
            .maxHistoryRuns(e.maxHistoryRuns())
            .keepModels(e.keepModels())
            .maxPendingEstimates(e.maxPendingEstimates());
    if (e.retrainCron() != null) {
      estimator.retrainCron(e.retrainCron());
    }
    return estimator.build();
  }

  /** The console's settings: {@code console.secureCookie} defaults to whether TLS is on. */
  static ConsoleSettings consoleSettings(ServerSettings.Console console) {
    return ConsoleSettings.defaults()
        .withTenantAccess(console.tenantAccess())
        .withSecureCookie(console.secureCookie());
  }

  /** Starts serving; returns the bound port. */
  public int start() {
    port = server.start();
    return port;
  }

  public int port() {
    return port;
  }

  /** {@code https} when {@code server.tls.keystore} is set, else {@code http}. */
  public String scheme() {
    return scheme;
  }

  /** Names of the parts running, for the start-up banner. */
  public List<String> parts() {
    return parts;
  }

  public CollectorServer collector() {
    return server;
  }

  @Override
  public void close() {
    try {
      server.close();
    } finally {
      try {
        if (suppliedStore != null) {
          suppliedStore.close(); // the server closes only a store it opened itself
        }
      } finally {
        if (tracing != null) {
          tracing.close();
        }
      }
    }
  }
}
