package io.sparkplane.collector.store.elasticsearch;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Settings of an {@link ElasticsearchRunStore}. Start from {@link #defaults(URI)}:
 *
 * <pre>{@code
 * ElasticsearchStoreConfig config =
 *     ElasticsearchStoreConfig.defaults(URI.create("http://es:9200")).withRetentionMonths(13);
 * }</pre>
 *
 * @param url the cluster's HTTP endpoint ({@code http://host:9200})
 * @param indexPrefix first part of every index, alias and template name; lower case; default
 *     {@value #DEFAULT_INDEX_PREFIX}
 * @param retentionMonths monthly indices older than this many months before the current one are
 *     dropped (checked hourly); 0 keeps everything; default {@value #DEFAULT_RETENTION_MONTHS}
 * @param refresh when a write is acknowledged and when searches see it: {@code ON_READ} (default)
 *     acknowledges once durable and refreshes before this store's next read, {@code WAIT_FOR} once
 *     searches see it, {@code IMMEDIATE} forces a refresh per request, {@code NONE} once durable
 *     (visible to searches within {@code refreshInterval})
 * @param refreshInterval the indices' {@code index.refresh_interval}; default 1s
 * @param shards primary shards of each new monthly index; default 1
 * @param replicas replicas of each new monthly index; default 1 (0 for a single-node cluster)
 * @param requestTimeout socket timeout of one request to Elasticsearch; a slower answer fails the
 *     request (ingest answers 503); default 10s
 * @param healthTimeout how long the readiness check waits for {@code _cluster/health}; default 2s
 * @param maxConnections connections to the cluster; default {@value #DEFAULT_MAX_CONNECTIONS}
 * @param maxConflictRetries how often an append re-reads and re-folds a run that another writer
 *     changed in between (optimistic concurrency) before it gives up with a 503; default {@value
 *     #DEFAULT_MAX_CONFLICT_RETRIES}
 * @param scanPageSize runs per page of {@link ElasticsearchRunStore#scanFinished}; default {@value
 *     #DEFAULT_SCAN_PAGE_SIZE}
 * @param writtenRunsCacheSize running runs whose document this store last wrote that it keeps (with
 *     its version), so the run's next events are folded onto it without reading it back; a copy
 *     another replica made stale fails its conditional write and is read again. Finished runs are not
 *     kept. 0 reads every run before each write; default {@value #DEFAULT_WRITTEN_RUNS_CACHE_SIZE}
 *     (a running run's document is about 1-2 KB)
 */
public record ElasticsearchStoreConfig(
    URI url,
    String indexPrefix,
    int retentionMonths,
    RefreshMode refresh,
    Duration refreshInterval,
    int shards,
    int replicas,
    Duration requestTimeout,
    Duration healthTimeout,
    int maxConnections,
    int maxConflictRetries,
    int scanPageSize,
    int writtenRunsCacheSize) {

  public static final String DEFAULT_INDEX_PREFIX = "sparkplane";
  public static final int DEFAULT_RETENTION_MONTHS = 13;
  public static final int DEFAULT_MAX_CONNECTIONS = 32;
  public static final int DEFAULT_MAX_CONFLICT_RETRIES = 10;
  public static final int DEFAULT_SCAN_PAGE_SIZE = 500;
  public static final int DEFAULT_WRITTEN_RUNS_CACHE_SIZE = 10_000;

  private static final Pattern PREFIX = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");

  /** When Elasticsearch acknowledges a write, relative to searches seeing it. */
  public enum RefreshMode {
    /** Acknowledge once a refresh made the write searchable ({@code refresh=wait_for}). */
    WAIT_FOR,
    /** Refresh the touched shards before acknowledging ({@code refresh=true}); costly under load. */
    IMMEDIATE,
    /** Acknowledge once durable; searches see the write after the next refresh. */
    NONE,
    /**
     * Acknowledge once durable (the translog is fsynced per request, Elasticsearch's default
     * {@code index.translog.durability}), and refresh before the next read of this store if it
     * wrote since its last refresh: a collector's own reads see every write it acknowledged; other
     * replicas' reads see it within {@code refreshInterval}.
     */
    ON_READ
  }

  public ElasticsearchStoreConfig {
    Objects.requireNonNull(url, "url");
    if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
      throw new IllegalArgumentException("url must be http(s)://host[:port], was " + url);
    }
    Objects.requireNonNull(indexPrefix, "indexPrefix");
    if (!PREFIX.matcher(indexPrefix).matches()) {
      throw new IllegalArgumentException(
          "indexPrefix must be 1-64 of [a-z0-9_.-] starting with a letter or digit, was '" + indexPrefix + "'");
    }
    if (retentionMonths < 0) {
      throw new IllegalArgumentException("retentionMonths must be >= 0, was " + retentionMonths);
    }
    Objects.requireNonNull(refresh, "refresh");
    requirePositive(refreshInterval, "refreshInterval");
    if (shards < 1) {
      throw new IllegalArgumentException("shards must be >= 1, was " + shards);
    }
    if (replicas < 0) {
      throw new IllegalArgumentException("replicas must be >= 0, was " + replicas);
    }
    requirePositive(requestTimeout, "requestTimeout");
    requirePositive(healthTimeout, "healthTimeout");
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be >= 1, was " + maxConnections);
    }
    if (maxConflictRetries < 0) {
      throw new IllegalArgumentException("maxConflictRetries must be >= 0, was " + maxConflictRetries);
    }
    if (scanPageSize < 1 || scanPageSize > 10_000) {
      throw new IllegalArgumentException("scanPageSize must be between 1 and 10000, was " + scanPageSize);
    }
    if (writtenRunsCacheSize < 0) {
      throw new IllegalArgumentException("writtenRunsCacheSize must be >= 0, was " + writtenRunsCacheSize);
    }
  }

  private static void requirePositive(Duration value, String field) {
    Objects.requireNonNull(value, field);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(field + " must be positive, was " + value);
    }
  }

  public static ElasticsearchStoreConfig defaults(URI url) {
    return new ElasticsearchStoreConfig(
        url,
        DEFAULT_INDEX_PREFIX,
        DEFAULT_RETENTION_MONTHS,
        RefreshMode.ON_READ,
        Duration.ofSeconds(1),
        1,
        1,
        Duration.ofSeconds(10),
        Duration.ofSeconds(2),
        DEFAULT_MAX_CONNECTIONS,
        DEFAULT_MAX_CONFLICT_RETRIES,
        DEFAULT_SCAN_PAGE_SIZE,
        DEFAULT_WRITTEN_RUNS_CACHE_SIZE);
  }

  public ElasticsearchStoreConfig withIndexPrefix(String prefix) {
    return new ElasticsearchStoreConfig(url, prefix, retentionMonths, refresh, refreshInterval, shards,
        replicas, requestTimeout, healthTimeout, maxConnections, maxConflictRetries, scanPageSize,
        writtenRunsCacheSize);
  }

  public ElasticsearchStoreConfig withRetentionMonths(int months) {
    return new ElasticsearchStoreConfig(url, indexPrefix, months, refresh, refreshInterval, shards,
        replicas, requestTimeout, healthTimeout, maxConnections, maxConflictRetries, scanPageSize,
        writtenRunsCacheSize);
  }

  public ElasticsearchStoreConfig withRefresh(RefreshMode mode, Duration interval) {
    return new ElasticsearchStoreConfig(url, indexPrefix, retentionMonths, mode, interval, shards,
        replicas, requestTimeout, healthTimeout, maxConnections, maxConflictRetries, scanPageSize,
        writtenRunsCacheSize);
  }

  public ElasticsearchStoreConfig withShards(int primaries, int replicaCount) {
    return new ElasticsearchStoreConfig(url, indexPrefix, retentionMonths, refresh, refreshInterval,
        primaries, replicaCount, requestTimeout, healthTimeout, maxConnections, maxConflictRetries,
        scanPageSize, writtenRunsCacheSize);
  }

  public ElasticsearchStoreConfig withTimeouts(Duration request, Duration health) {
    return new ElasticsearchStoreConfig(url, indexPrefix, retentionMonths, refresh, refreshInterval,
        shards, replicas, request, health, maxConnections, maxConflictRetries, scanPageSize,
        writtenRunsCacheSize);
  }

  public ElasticsearchStoreConfig withScanPageSize(int size) {
    return new ElasticsearchStoreConfig(url, indexPrefix, retentionMonths, refresh, refreshInterval,
        shards, replicas, requestTimeout, healthTimeout, maxConnections, maxConflictRetries, size,
        writtenRunsCacheSize);
  }

  public ElasticsearchStoreConfig withWrittenRunsCacheSize(int size) {
    return new ElasticsearchStoreConfig(url, indexPrefix, retentionMonths, refresh, refreshInterval,
        shards, replicas, requestTimeout, healthTimeout, maxConnections, maxConflictRetries, scanPageSize,
        size);
  }
}
