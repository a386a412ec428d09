package io.sparkplane.server.config;

import io.sparkplane.collector.CollectorConfig;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.sparkplane.collector.auth.TokenHasher;
import io.sparkplane.collector.ingest.IngestLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The control plane's configuration ({@code sparkplane.yaml}); every section and key is optional and
 * documented with its default in docs/configuration.md. Environment variables override keys:
 * {@code SPARKPLANE_SERVER_PORT=8080}, {@code SPARKPLANE_COLLECTOR_TENANTS_FILE=/etc/tenants.yaml}.
 */
public record ServerSettings(
    Server server,
    Collector collector,
    Store store,
    Part triage,
    Retries retries,
    Alerting alerting,
    Estimator estimator,
    Console console) {

  public ServerSettings {
    server = server != null ? server : Server.DEFAULTS;
    collector = collector != null ? collector : Collector.DEFAULTS;
    store = store != null ? store : Store.DEFAULTS;
    triage = triage != null ? triage : Part.ON;
    retries = retries != null ? retries : Retries.DEFAULTS;
    alerting = alerting != null ? alerting : Alerting.DEFAULTS;
    estimator = estimator != null ? estimator : Estimator.DEFAULTS;
    console = console != null ? console : Console.DEFAULTS;
  }

  public static ServerSettings defaults() {
    return new ServerSettings(null, null, null, null, null, null, null, null);
  }

  /** Where and how the HTTP server runs. */
  public record Server(String host, Integer port, Path dataDir, Duration shutdownTimeout, Tls tls) {
    static final Server DEFAULTS = new Server(null, null, null, null, null);

    public Server {
      host = host != null ? host : "0.0.0.0";
      port = port != null ? port : 7070;
      dataDir = dataDir != null ? dataDir : Path.of("data");
      shutdownTimeout = shutdownTimeout != null ? shutdownTimeout : Duration.ofSeconds(10);
      tls = tls != null ? tls : Tls.OFF;
      Checks.range("server.port", port, 0, 65_535);
      Checks.positive("server.shutdownTimeout", shutdownTimeout);
    }

    public Server(String host, Integer port, Path dataDir, Duration shutdownTimeout) {
      this(host, port, dataDir, shutdownTimeout, null);
    }
  }

  /**
   * HTTPS for the server's one listener: with a keystore (PKCS12 or JKS, its type detected) the
   * server speaks only HTTPS on {@code server.port}; without one, plain HTTP.
   *
   * @param keystore the key and certificate chain the server presents; null: TLS off
   * @param keystorePassword opens the keystore; required with one (prefer the environment variable
   *     {@code SPARKPLANE_SERVER_TLS_KEYSTORE_PASSWORD} to the file)
   * @param keyPassword the private key's password when it differs from the keystore's
   */
  public record Tls(Path keystore, String keystorePassword, String keyPassword) {
    static final Tls OFF = new Tls(null, null, null);

    public Tls {
      if (keystore == null && (keystorePassword != null || keyPassword != null)) {
        throw new SettingsException("server.tls.keystore", "is required when a TLS password is set");
      }
      if (keystore != null) {
        if (!Files.isRegularFile(keystore) || !Files.isReadable(keystore)) {
          throw new SettingsException("server.tls.keystore", "is not a readable file: " + keystore);
        }
        if (keystorePassword == null) {
          throw new SettingsException("server.tls.keystorePassword", "is required with server.tls.keystore");
        }
      }
    }

    public boolean enabled() {
      return keystore != null;
    }
  }

  /**
   * Ingest: limits, tenants, lost-run detection, tracing, and the optional bearer token of {@code
   * GET /metrics} ({@code metricsTokenHash}: the token's {@code sha256:} hash as in the tenants file,
   * never the token; null: {@code /metrics} is open).
   */
  public record Collector(
      Integer maxPayloadBytes,
      Path tenantsFile,
      Integer maxJsonDepth,
      Integer maxFieldsPerEvent,
      Long tenantEventsPerSecond,
      Long tenantBurstEvents,
      Duration heartbeatInterval,
      Duration lostCheckInterval,
      Integer maxTenantMeters,
      String otelEndpoint,
      String metricsTokenHash,
      Integer maxInflightPayloadBytes,
      Integer extensionQueueCapacity) {
    static final Collector DEFAULTS =
        new Collector(null, null, null, null, null, null, null, null, null, null, null, null, null);

    public Collector {
      maxPayloadBytes = maxPayloadBytes != null ? maxPayloadBytes : 4 * 1024 * 1024;
      maxJsonDepth = maxJsonDepth != null ? maxJsonDepth : 32;
      maxFieldsPerEvent = maxFieldsPerEvent != null ? maxFieldsPerEvent : 200_000;
      tenantEventsPerSecond = tenantEventsPerSecond != null ? tenantEventsPerSecond : 1_000L;
      tenantBurstEvents = tenantBurstEvents != null ? tenantBurstEvents : 10_000L;
      heartbeatInterval = heartbeatInterval != null ? heartbeatInterval : Duration.ofSeconds(30);
      lostCheckInterval = lostCheckInterval != null ? lostCheckInterval : Duration.ofSeconds(10);
      maxTenantMeters = maxTenantMeters != null ? maxTenantMeters : 500;
      maxInflightPayloadBytes =
          maxInflightPayloadBytes != null ? maxInflightPayloadBytes : IngestLimits.DEFAULT_MAX_INFLIGHT_PAYLOAD_BYTES;
      Checks.range("collector.maxPayloadBytes", maxPayloadBytes, 1024, Integer.MAX_VALUE);
      Checks.range("collector.maxJsonDepth", maxJsonDepth, 4, 1_000);
      Checks.range("collector.maxFieldsPerEvent", maxFieldsPerEvent, 100, Integer.MAX_VALUE);
      Checks.range("collector.tenantEventsPerSecond", tenantEventsPerSecond, 1, Long.MAX_VALUE);
      Checks.range("collector.tenantBurstEvents", tenantBurstEvents, 1, Long.MAX_VALUE);
      Checks.positive("collector.heartbeatInterval", heartbeatInterval);
      Checks.positive("collector.lostCheckInterval", lostCheckInterval);
      Checks.range("collector.maxTenantMeters", maxTenantMeters, 1, 1_000_000);
      Checks.range("collector.maxInflightPayloadBytes", maxInflightPayloadBytes, 1024, Integer.MAX_VALUE);
      extensionQueueCapacity =
          extensionQueueCapacity != null ? extensionQueueCapacity : CollectorConfig.DEFAULT_EXTENSION_QUEUE_CAPACITY;
      Checks.range("collector.extensionQueueCapacity", extensionQueueCapacity, 1, 10_000_000);
      if (metricsTokenHash != null) {
        try {
          metricsTokenHash = TokenHasher.requireHash(metricsTokenHash, "collector.metricsTokenHash");
        } catch (IllegalArgumentException e) {
          throw new SettingsException("collector.metricsTokenHash", "must be 'sha256:' followed by 64 hex digits (the"
              + " token's hash, never the token)");
        }
      }
    }
  }

  /** Which run store: the embedded default, or Elasticsearch. */
  public record Store(String type, String elasticsearchUrl, String indexPrefix, Integer retentionMonths) {
    static final Store DEFAULTS = new Store(null, null, null, null);

    public Store {
      type = type != null ? type : "embedded";
      indexPrefix = indexPrefix != null ? indexPrefix : "sparkplane";
      retentionMonths = retentionMonths != null ? retentionMonths : 13;
      Checks.oneOf("store.type", type, "embedded", "elasticsearch");
      if (type.equals("elasticsearch") && (elasticsearchUrl == null || elasticsearchUrl.isBlank())) {
        throw new SettingsException("store.elasticsearchUrl", "is required when store.type is elasticsearch");
      }
      Checks.range("store.retentionMonths", retentionMonths, 1, 1_200);
    }
  }

  /** A part that can be switched off. */
  @JsonIgnoreProperties(ignoreUnknown = false)
  public record Part(Boolean enabled) {
    static final Part ON = new Part(true);

    public Part {
      enabled = enabled == null || enabled;
    }
  }

  /**
   * The run console under {@code /ui}: switch, and whether tenants' tokens may open it ({@code
   * tenantAccess}, default false: operator tokens only).
   */
  public record Console(Boolean enabled, Boolean tenantAccess) {
    static final Console DEFAULTS = new Console(null, null);

    public Console {
      enabled = enabled == null || enabled;
      tenantAccess = tenantAccess != null && tenantAccess;
    }
  }

  /**
   * Retries of triaged runs through the engine's webhook; without a webhook URL every remediable
   * run is recorded as skipped ({@code no_webhook}).
   */
  public record Retries(Boolean enabled, String webhookUrl, String webhookToken) {
    static final Retries DEFAULTS = new Retries(null, null, null);

    public Retries {
      enabled = enabled == null || enabled;
    }
  }

  /** Alerting: switch and its rules/routing file (alerting's own YAML; defaults without one). */
  public record Alerting(Boolean enabled, Path config) {
    static final Alerting DEFAULTS = new Alerting(null, null);

    public Alerting {
      enabled = enabled == null || enabled;
    }
  }

  /** Estimator: switch, where models live, when it retrains. */
  public record Estimator(Boolean enabled, Path modelDir, String retrainCron) {
    static final Estimator DEFAULTS = new Estimator(null, null, null);

    public Estimator {
      enabled = enabled == null || enabled;
    }
  }
}
