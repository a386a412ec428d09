package io.sparkplane.collector;

import io.sparkplane.collector.http.ApiSettings;
import io.sparkplane.collector.ingest.IngestLimits;
import io.sparkplane.collector.lost.LostRunSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Settings of a {@link CollectorServer}. Start from {@link #defaults()} and change what differs:
 *
 * <pre>{@code
 * CollectorConfig config = CollectorConfig.defaults().withPort(0).withDataDir(Path.of("/var/lib/sparkplane"));
 * }</pre>
 *
 * @param host interface to listen on; default {@value #DEFAULT_HOST} (all)
 * @param port TCP port; 0 picks a free one; default {@value #DEFAULT_PORT}
 * @param dataDir directory of the embedded store; default {@code ./data}
 * @param maxPayloadBytes largest telemetry body accepted, checked both as sent and after gzip
 *     decompression (so a gzip bomb stops at this size); default {@value #DEFAULT_MAX_PAYLOAD_BYTES}
 *     (4 MiB)
 * @param retryAfterSeconds {@code Retry-After} sent with 503 when the store fails; default {@value
 *     #DEFAULT_RETRY_AFTER_SECONDS}
 * @param shutdownTimeout how long {@link CollectorServer#close()} waits for in-flight requests;
 *     default 10 seconds
 * @param ingestLimits JSON depth and field-count limits and the per-tenant rate limit; default
 *     {@link IngestLimits#defaults()}
 * @param lostRuns heartbeat interval and check interval of lost-run detection; default {@link
 *     LostRunSettings#defaults()}
 * @param maxTenantMeters distinct {@code tenant} label values kept in metrics, later tenants are
 *     labelled {@code _other}; default {@value #DEFAULT_MAX_TENANT_METERS}
 * @param metricsTokenHash when set ({@code sha256:<hex>}, see {@link
 *     io.sparkplane.collector.auth.TokenHasher}), {@code GET /metrics} requires the bearer token of
 *     that hash; default {@code null}: open, to be restricted by network as Prometheus usually is.
 *     Health endpoints stay open either way.
 * @param extensionQueueCapacity finished runs that may wait for the extensions (triage, retries,
 *     alerting) on their one thread; past it a run is not handed to them and is counted as dropped;
 *     default {@value #DEFAULT_EXTENSION_QUEUE_CAPACITY}
 */
public record CollectorConfig(
    String host,
    int port,
    Path dataDir,
    int maxPayloadBytes,
    int retryAfterSeconds,
    Duration shutdownTimeout,
    IngestLimits ingestLimits,
    LostRunSettings lostRuns,
    int maxTenantMeters,
    @Nullable String metricsTokenHash,
    int extensionQueueCapacity) {

  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final int DEFAULT_PORT = 7070;
  public static final Path DEFAULT_DATA_DIR = Path.of("data");
  public static final int DEFAULT_MAX_PAYLOAD_BYTES = 4 * 1024 * 1024;
  public static final int DEFAULT_RETRY_AFTER_SECONDS = 5;
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_TENANT_METERS = 500;
  public static final int DEFAULT_EXTENSION_QUEUE_CAPACITY = 10_000;

  public CollectorConfig {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
    }
    Objects.requireNonNull(dataDir, "dataDir");
    // ApiSettings validates the rest, with the same field names
    ApiSettings api = new ApiSettings(maxPayloadBytes, retryAfterSeconds, shutdownTimeout, metricsTokenHash);
    metricsTokenHash = api.metricsTokenHash();
    Objects.requireNonNull(ingestLimits, "ingestLimits");
    Objects.requireNonNull(lostRuns, "lostRuns");
    if (maxTenantMeters < 1) {
      throw new IllegalArgumentException("maxTenantMeters must be >= 1, was " + maxTenantMeters);
    }
    if (extensionQueueCapacity < 1) {
      throw new IllegalArgumentException(
          "extensionQueueCapacity must be >= 1, was " + extensionQueueCapacity);
    }
  }

  public static CollectorConfig defaults() {
    return new CollectorConfig(
        DEFAULT_HOST,
        DEFAULT_PORT,
        DEFAULT_DATA_DIR,
        DEFAULT_MAX_PAYLOAD_BYTES,
        DEFAULT_RETRY_AFTER_SECONDS,
        DEFAULT_SHUTDOWN_TIMEOUT,
        IngestLimits.defaults(),
        LostRunSettings.defaults(),
        DEFAULT_MAX_TENANT_METERS,
        null,
        DEFAULT_EXTENSION_QUEUE_CAPACITY);
  }

  public CollectorConfig withHost(String newHost) {
    return new CollectorConfig(
        newHost, port, dataDir, maxPayloadBytes, retryAfterSeconds, shutdownTimeout,
        ingestLimits, lostRuns, maxTenantMeters, metricsTokenHash, extensionQueueCapacity);
  }

  public CollectorConfig withPort(int newPort) {
    return new CollectorConfig(
        host, newPort, dataDir, maxPayloadBytes, retryAfterSeconds, shutdownTimeout,
        ingestLimits, lostRuns, maxTenantMeters, metricsTokenHash, extensionQueueCapacity);
  }

  public CollectorConfig withDataDir(Path newDataDir) {
    return new CollectorConfig(
        host, port, newDataDir, maxPayloadBytes, retryAfterSeconds, shutdownTimeout,
        ingestLimits, lostRuns, maxTenantMeters, metricsTokenHash, extensionQueueCapacity);
  }

  public CollectorConfig withMaxPayloadBytes(int newMax) {
    return new CollectorConfig(
        host, port, dataDir, newMax, retryAfterSeconds, shutdownTimeout,
        ingestLimits, lostRuns, maxTenantMeters, metricsTokenHash, extensionQueueCapacity);
  }

  public CollectorConfig withRetryAfterSeconds(int seconds) {
    return new CollectorConfig(
        host, port, dataDir, maxPayloadBytes, seconds, shutdownTimeout,
        ingestLimits, lostRuns, maxTenantMeters, metricsTokenHash, extensionQueueCapacity);
  }

  public CollectorConfig withShutdownTimeout(Duration timeout) {
    return new CollectorConfig(
        host, port, dataDir, maxPayloadBytes, retryAfterSeconds, timeout,
        ingestLimits, lostRuns, maxTenantMeters, metricsTokenHash, extensionQueueCapacity);
  }

  public CollectorConfig withIngestLimits(IngestLimits limits) {
    return new CollectorConfig(
        host, port, dataDir, maxPayloadBytes, retryAfterSeconds, shutdownTimeout, limits, lostRuns,
        maxTenantMeters, metricsTokenHash, extensionQueueCapacity);
  }

  public CollectorConfig withLostRuns(LostRunSettings settings) {
    return new CollectorConfig(
        host, port, dataDir, maxPayloadBytes, retryAfterSeconds, shutdownTimeout, ingestLimits,
        settings, maxTenantMeters, metricsTokenHash, extensionQueueCapacity);
  }

  public CollectorConfig withMaxTenantMeters(int max) {
    return new CollectorConfig(
        host, port, dataDir, maxPayloadBytes, retryAfterSeconds, shutdownTimeout, ingestLimits,
        lostRuns, max, metricsTokenHash, extensionQueueCapacity);
  }

  /** Requires {@code Authorization: Bearer <token>} on {@code GET /metrics}; {@code null}: open. */
  public CollectorConfig withMetricsTokenHash(@Nullable String hash) {
    return new CollectorConfig(
        host, port, dataDir, maxPayloadBytes, retryAfterSeconds, shutdownTimeout, ingestLimits,
        lostRuns, maxTenantMeters, hash, extensionQueueCapacity);
  }

  /** Finished runs that may wait for the extensions; past it a run is dropped for them and counted. */
  public CollectorConfig withExtensionQueueCapacity(int capacity) {
    return new CollectorConfig(
        host, port, dataDir, maxPayloadBytes, retryAfterSeconds, shutdownTimeout, ingestLimits,
        lostRuns, maxTenantMeters, metricsTokenHash, capacity);
  }

  ApiSettings apiSettings() {
    return new ApiSettings(maxPayloadBytes, retryAfterSeconds, shutdownTimeout, metricsTokenHash);
  }
}
