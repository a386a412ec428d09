package io.sparkplane.server.config;

import io.sparkplane.collector.CollectorConfig;

import io.sparkplane.collector.auth.TokenHasher;
import io.sparkplane.collector.ingest.IngestLimits;
import io.sparkplane.collector.store.elasticsearch.ElasticsearchStoreConfig;
import io.sparkplane.estimator.EstimatorSettings;
import io.sparkplane.triage.TriageMeterSettings;
import io.sparkplane.triage.retry.RetrySettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The control plane's configuration ({@code sparkplane.yaml}); every section and key is optional and
 * documented with its default in docs/configuration.md. Environment variables override keys:
 * {@code SPARKPLANE_SERVER_PORT=8080}, {@code SPARKPLANE_COLLECTOR_TENANTS_FILE=/etc/tenants.yaml}.
 */
public record ServerSettings(
    Server server,
    Collector collector,
    Store store,
    Triage triage,
    Retries retries,
    Alerting alerting,
    Estimator estimator,
    Console console) {

  public ServerSettings {
    server = server != null ? server : Server.DEFAULTS;
    collector = collector != null ? collector : Collector.DEFAULTS;
    store = store != null ? store : Store.DEFAULTS;
    triage = triage != null ? triage : Triage.DEFAULTS;
    retries = retries != null ? retries : Retries.DEFAULTS;
    alerting = alerting != null ? alerting : Alerting.DEFAULTS;
    estimator = estimator != null ? estimator : Estimator.DEFAULTS;
    console = console != null ? console : Console.DEFAULTS;
    if (console.secureCookie() == null) { // default: Secure exactly when this server speaks HTTPS
      console = new Console(console.enabled(), console.tenantAccess(), server.tls().enabled());
    }
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
      Integer extensionQueueCapacity,
      Integer retryAfterSeconds) {
    static final Collector DEFAULTS =
        new Collector(null, null, null, null, null, null, null, null, null, null, null, null, null, null);

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
      retryAfterSeconds = retryAfterSeconds != null ? retryAfterSeconds : CollectorConfig.DEFAULT_RETRY_AFTER_SECONDS;
      Checks.range("collector.retryAfterSeconds", retryAfterSeconds, 1, Integer.MAX_VALUE);
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

  /**
   * Which run store: the embedded default, or Elasticsearch. The Elasticsearch store's limits
   * ({@code requestTimeout} to {@code scanPageSize}) default to {@link ElasticsearchStoreConfig}'s
   * own and are checked by its rules; the embedded store ignores them.
   */
  public record Store(
      String type,
      String elasticsearchUrl,
      String indexPrefix,
      Integer retentionMonths,
      Duration requestTimeout,
      Duration healthTimeout,
      Integer maxConnections,
      Integer maxConflictRetries,
      Integer writtenRunsCacheSize,
      Integer scanPageSize) {
    /** The store's defaults; they do not depend on the URL, which only completes the record here. */
    private static final ElasticsearchStoreConfig ES = ElasticsearchStoreConfig.defaults(URI.create("http://localhost:9200"));

    static final Store DEFAULTS = new Store(null, null, null, null, null, null, null, null, null, null);

    public Store {
      type = type != null ? type : "embedded";
      indexPrefix = indexPrefix != null ? indexPrefix : ES.indexPrefix();
      retentionMonths = retentionMonths != null ? retentionMonths : ES.retentionMonths();
      requestTimeout = requestTimeout != null ? requestTimeout : ES.requestTimeout();
      healthTimeout = healthTimeout != null ? healthTimeout : ES.healthTimeout();
      maxConnections = maxConnections != null ? maxConnections : ElasticsearchStoreConfig.DEFAULT_MAX_CONNECTIONS;
      maxConflictRetries =
          maxConflictRetries != null ? maxConflictRetries : ElasticsearchStoreConfig.DEFAULT_MAX_CONFLICT_RETRIES;
      writtenRunsCacheSize =
          writtenRunsCacheSize != null ? writtenRunsCacheSize : ElasticsearchStoreConfig.DEFAULT_WRITTEN_RUNS_CACHE_SIZE;
      scanPageSize = scanPageSize != null ? scanPageSize : ElasticsearchStoreConfig.DEFAULT_SCAN_PAGE_SIZE;
      Checks.oneOf("store.type", type, "embedded", "elasticsearch");
      if (type.equals("elasticsearch") && (elasticsearchUrl == null || elasticsearchUrl.isBlank())) {
        throw new SettingsException("store.elasticsearchUrl", "is required when store.type is elasticsearch");
      }
      Checks.range("store.retentionMonths", retentionMonths, 0, 1_200); // 0: keep every index
      Checks.positive("store.requestTimeout", requestTimeout, Checks.INT_MILLIS);
      Checks.positive("store.healthTimeout", healthTimeout, Checks.INT_MILLIS);
      Checks.range("store.maxConnections", maxConnections, 1, Integer.MAX_VALUE);
      Checks.range("store.maxConflictRetries", maxConflictRetries, 0, Integer.MAX_VALUE);
      Checks.range("store.writtenRunsCacheSize", writtenRunsCacheSize, 0, Integer.MAX_VALUE);
      Checks.range("store.scanPageSize", scanPageSize, 1, 10_000);
    }
  }

  /**
   * Triage: switch, and the cap of the {@code fingerprint} label of its meters ({@code
   * metrics.maxFingerprints}, {@link TriageMeterSettings#MAX_FINGERPRINTS_KEY}).
   */
  public record Triage(Boolean enabled, Metrics metrics) {
    static final Triage DEFAULTS = new Triage(null, null);

    public Triage {
      enabled = enabled == null || enabled;
      metrics = metrics != null ? metrics : Metrics.DEFAULTS;
    }

    /** {@code triage.metrics.*}. */
    public record Metrics(Integer maxFingerprints) {
      static final Metrics DEFAULTS = new Metrics(null);

      public Metrics {
        maxFingerprints = maxFingerprints != null ? maxFingerprints : TriageMeterSettings.DEFAULT_MAX_FINGERPRINTS;
        Checks.range("triage.metrics.maxFingerprints", maxFingerprints, 1, Integer.MAX_VALUE);
      }
    }
  }

  /**
   * The run console under {@code /ui}: switch, whether tenants' tokens may open it ({@code
   * tenantAccess}, default false: operator tokens only), and whether its token cookie is marked
   * {@code Secure} ({@code secureCookie}; null here means "as {@code server.tls}": {@link
   * ServerSettings} sets it true exactly when TLS is on; true without TLS suits a server behind an
   * HTTPS proxy).
   */
  public record Console(Boolean enabled, Boolean tenantAccess, Boolean secureCookie) {
    static final Console DEFAULTS = new Console(null, null, null);

    public Console {
      enabled = enabled == null || enabled;
      tenantAccess = tenantAccess != null && tenantAccess;
    }
  }

  /**
   * Retries of triaged runs through the engine's webhook; without a webhook URL every remediable
   * run is recorded as skipped ({@code no_webhook}). Each key is one of {@link RetrySettings}'
   * {@code retry.*} keys (docs/retries.md), read and checked by {@link RetrySettings#fromProperties}.
   */
  public record Retries(
      Boolean enabled,
      String webhookUrl,
      String webhookToken,
      Integer maxAttempts,
      RateLimit rateLimit,
      Duration webhookTimeout,
      Integer webhookMaxAttempts) {
    /** Server key ({@code retries.} + this) → the retry part's key (after {@code retry.}). */
    private static final Map<String, String> RETRY_KEYS =
        Map.of(
            "webhookUrl", "webhook.url",
            "webhookToken", "webhook.token",
            "maxAttempts", "maxAttempts",
            "rateLimit.tenantPerMinute", "rateLimit.tenantPerMinute",
            "rateLimit.globalPerMinute", "rateLimit.globalPerMinute",
            "webhookTimeout", "webhook.timeout",
            "webhookMaxAttempts", "webhook.maxAttempts");

    static final Retries DEFAULTS = new Retries(null, null, null, null, null, null, null);

    public Retries {
      enabled = enabled == null || enabled;
      RetrySettings d = RetrySettings.defaults();
      maxAttempts = maxAttempts != null ? maxAttempts : d.maxAttempts();
      rateLimit = rateLimit != null ? rateLimit : RateLimit.DEFAULTS;
      webhookTimeout = webhookTimeout != null ? webhookTimeout : d.webhookTimeout();
      webhookMaxAttempts = webhookMaxAttempts != null ? webhookMaxAttempts : d.webhookMaxAttempts();
      Checks.positive("retries.webhookTimeout", webhookTimeout, Checks.INT_MILLIS);
      read(properties(webhookUrl, webhookToken, maxAttempts, rateLimit, webhookTimeout, webhookMaxAttempts));
    }

    /** {@code retries.rateLimit.*}. */
    public record RateLimit(Integer tenantPerMinute, Integer globalPerMinute) {
      static final RateLimit DEFAULTS = new RateLimit(null, null);

      public RateLimit {
        RetrySettings d = RetrySettings.defaults();
        tenantPerMinute = tenantPerMinute != null ? tenantPerMinute : d.tenantRetriesPerMinute();
        globalPerMinute = globalPerMinute != null ? globalPerMinute : d.globalRetriesPerMinute();
      }
    }

    /** The retry part's settings, read from these keys by {@link RetrySettings#fromProperties}. */
    public RetrySettings retrySettings() {
      return read(properties(webhookUrl, webhookToken, maxAttempts, rateLimit, webhookTimeout, webhookMaxAttempts));
    }

    private static Map<String, String> properties(
        String webhookUrl, String webhookToken, int maxAttempts, RateLimit rateLimit, Duration webhookTimeout,
        int webhookMaxAttempts) {
      Map<String, String> values = new HashMap<>();
      values.put("webhookUrl", webhookUrl);
      values.put("webhookToken", webhookToken);
      values.put("maxAttempts", Integer.toString(maxAttempts));
      values.put("rateLimit.tenantPerMinute", Integer.toString(rateLimit.tenantPerMinute()));
      values.put("rateLimit.globalPerMinute", Integer.toString(rateLimit.globalPerMinute()));
      values.put("webhookTimeout", webhookTimeout.toMillis() + "ms");
      values.put("webhookMaxAttempts", Integer.toString(webhookMaxAttempts));
      Map<String, String> props = new HashMap<>();
      values.forEach((key, value) -> {
        if (value != null) {
          props.put(RetrySettings.PREFIX + RETRY_KEYS.get(key), value);
        }
      });
      return props;
    }

    /** {@link RetrySettings}' own checks; a refusal names the server key it came from. */
    private static RetrySettings read(Map<String, String> props) {
      try {
        return RetrySettings.fromProperties(props);
      } catch (IllegalArgumentException e) {
        String message = String.valueOf(e.getMessage());
        for (Map.Entry<String, String> key : RETRY_KEYS.entrySet()) {
          String retryKey = RetrySettings.PREFIX + key.getValue();
          if (message.startsWith(retryKey + " ")) {
            throw new SettingsException("retries." + key.getKey(), message.substring(retryKey.length() + 1), e);
          }
        }
        throw new SettingsException("retries", message, e);
      }
    }
  }

  /** Alerting: switch and its rules/routing file (alerting's own YAML; defaults without one). */
  public record Alerting(Boolean enabled, Path config) {
    static final Alerting DEFAULTS = new Alerting(null, null);

    public Alerting {
      enabled = enabled == null || enabled;
    }
  }

  /**
   * Estimator: switch, where models live, when it retrains, and its memory limits, named and
   * defaulted as {@link EstimatorSettings}' (docs/estimator.md).
   */
  public record Estimator(
      Boolean enabled,
      Path modelDir,
      String retrainCron,
      Integer maxTrainingRows,
      Integer maxHistoryRuns,
      Integer keepModels,
      Integer maxPendingEstimates) {
    static final Estimator DEFAULTS = new Estimator(null, null, null, null, null, null, null);

    public Estimator {
      enabled = enabled == null || enabled;
      EstimatorSettings d = EstimatorSettings.defaults();
      maxTrainingRows = maxTrainingRows != null ? maxTrainingRows : d.maxTrainingRows();
      maxHistoryRuns = maxHistoryRuns != null ? maxHistoryRuns : d.maxHistoryRuns();
      keepModels = keepModels != null ? keepModels : d.keepModels();
      maxPendingEstimates = maxPendingEstimates != null ? maxPendingEstimates : d.maxPendingEstimates();
      Checks.range("estimator.maxTrainingRows", maxTrainingRows, 1, Integer.MAX_VALUE);
      Checks.range("estimator.maxHistoryRuns", maxHistoryRuns, 1, Integer.MAX_VALUE);
      Checks.range("estimator.keepModels", keepModels, 1, Integer.MAX_VALUE);
      Checks.range("estimator.maxPendingEstimates", maxPendingEstimates, 1, Integer.MAX_VALUE);
    }
  }
}
