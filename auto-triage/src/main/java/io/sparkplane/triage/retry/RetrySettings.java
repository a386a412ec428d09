package io.sparkplane.triage.retry;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Every limit of the retry policy and the webhook delivery. Keys are {@code retry.<name>}; each is
 * documented in docs/triage.md ("Retries"). Durations are written {@code 500ms}, {@code 30s},
 * {@code 10m}, {@code 1h}.
 *
 * <pre>{@code
 * RetrySettings s = RetrySettings.fromProperties(Map.of("retry.webhook.url", "http://engine:8090/retries"));
 * }</pre>
 *
 * @param maxAttempts {@code retry.maxAttempts}: attempts of a workload run in all, the first included
 * @param backoffInitial {@code retry.backoff.initial}: wait before the first retry
 * @param backoffMax {@code retry.backoff.max}: cap of the exponential wait
 * @param backoffJitter {@code retry.backoff.jitter}: the wait is scaled by a random factor in
 *     {@code [1 - jitter, 1 + jitter]}
 * @param tenantRetriesPerMinute {@code retry.rateLimit.tenantPerMinute}: retries one tenant may start
 *     per minute (also its burst)
 * @param globalRetriesPerMinute {@code retry.rateLimit.globalPerMinute}: retries all tenants together
 *     may start per minute (also the burst)
 * @param webhookUrl {@code retry.webhook.url}: the engine's retry endpoint; without it every
 *     remediable run is skipped with reason {@code no_webhook}
 * @param webhookToken {@code retry.webhook.token}: sent as {@code Authorization: Bearer}, optional
 * @param webhookTimeout {@code retry.webhook.timeout}: one POST
 * @param webhookMaxAttempts {@code retry.webhook.maxAttempts}: POSTs of one retry at most
 * @param webhookBackoffInitial {@code retry.webhook.backoff.initial}: wait after a failed POST
 * @param webhookBackoffMax {@code retry.webhook.backoff.max}: cap of that wait
 * @param advisoryPartitionBytes {@code retry.salting.advisoryPartitionBytes}: the partition size a
 *     salted hot key is cut to: factor = ceil(hot partition bytes / this)
 * @param minSaltFactor {@code retry.salting.minFactor}: smallest factor proposed
 * @param maxSaltFactor {@code retry.salting.maxFactor}: largest factor proposed
 * @param historyRuns {@code retry.prediction.historyRuns}: recent successful runs of the workload the
 *     history predictor reads
 * @param maxExecutorMemoryMb {@code retry.ladder.maxExecutorMemoryMb}: top of the executor memory ladder
 * @param maxDriverMemoryMb {@code retry.ladder.maxDriverMemoryMb}: top of the driver memory ladder
 * @param maxMemoryOverheadMb {@code retry.ladder.maxMemoryOverheadMb}: top of the overhead ladder
 */
public record RetrySettings(
    int maxAttempts,
    Duration backoffInitial,
    Duration backoffMax,
    double backoffJitter,
    int tenantRetriesPerMinute,
    int globalRetriesPerMinute,
    @Nullable URI webhookUrl,
    @Nullable String webhookToken,
    Duration webhookTimeout,
    int webhookMaxAttempts,
    Duration webhookBackoffInitial,
    Duration webhookBackoffMax,
    long advisoryPartitionBytes,
    int minSaltFactor,
    int maxSaltFactor,
    int historyRuns,
    long maxExecutorMemoryMb,
    long maxDriverMemoryMb,
    long maxMemoryOverheadMb) {

  public static final String PREFIX = "retry.";

  public RetrySettings {
    atLeast("maxAttempts", maxAttempts, 1);
    positive("backoff.initial", backoffInitial);
    positive("backoff.max", backoffMax);
    if (!(backoffJitter >= 0 && backoffJitter < 1)) {
      throw new IllegalArgumentException(PREFIX + "backoff.jitter must be in [0, 1), was " + backoffJitter);
    }
    atLeast("rateLimit.tenantPerMinute", tenantRetriesPerMinute, 1);
    atLeast("rateLimit.globalPerMinute", globalRetriesPerMinute, 1);
    if (webhookUrl != null && (webhookUrl.getHost() == null || !webhookUrl.getScheme().startsWith("http"))) {
      throw new IllegalArgumentException(PREFIX + "webhook.url must be an http(s) URL with a host, was " + webhookUrl);
    }
    positive("webhook.timeout", webhookTimeout);
    atLeast("webhook.maxAttempts", webhookMaxAttempts, 1);
    positive("webhook.backoff.initial", webhookBackoffInitial);
    positive("webhook.backoff.max", webhookBackoffMax);
    atLeast("salting.advisoryPartitionBytes", advisoryPartitionBytes, 1);
    atLeast("salting.minFactor", minSaltFactor, 2);
    atLeast("salting.maxFactor", maxSaltFactor, minSaltFactor);
    atLeast("prediction.historyRuns", historyRuns, 1);
    atLeast("ladder.maxExecutorMemoryMb", maxExecutorMemoryMb, 512);
    atLeast("ladder.maxDriverMemoryMb", maxDriverMemoryMb, 512);
    atLeast("ladder.maxMemoryOverheadMb", maxMemoryOverheadMb, 384);
  }

  public static RetrySettings defaults() {
    return new RetrySettings(
        3, Duration.ofSeconds(30), Duration.ofMinutes(10), 0.2, 10, 100, null, null, Duration.ofSeconds(10), 5,
        Duration.ofSeconds(1), Duration.ofSeconds(30), 64L << 20, 2, 64, 20, 65_536, 32_768, 16_384);
  }

  public RetrySettings withWebhook(URI url) {
    return new RetrySettings(maxAttempts, backoffInitial, backoffMax, backoffJitter, tenantRetriesPerMinute,
        globalRetriesPerMinute, url, webhookToken, webhookTimeout, webhookMaxAttempts, webhookBackoffInitial,
        webhookBackoffMax, advisoryPartitionBytes, minSaltFactor, maxSaltFactor, historyRuns, maxExecutorMemoryMb,
        maxDriverMemoryMb, maxMemoryOverheadMb);
  }

  /** Reads {@code retry.*} keys; absent keys keep their default; a bad value fails naming the key. */
  public static RetrySettings fromProperties(Map<String, String> props) {
    RetrySettings d = defaults();
    Reader r = new Reader(props);
    String url = r.string("webhook.url");
    return new RetrySettings(
        r.integer("maxAttempts", d.maxAttempts),
        r.duration("backoff.initial", d.backoffInitial),
        r.duration("backoff.max", d.backoffMax),
        r.decimal("backoff.jitter", d.backoffJitter),
        r.integer("rateLimit.tenantPerMinute", d.tenantRetriesPerMinute),
        r.integer("rateLimit.globalPerMinute", d.globalRetriesPerMinute),
        url == null ? null : r.uri("webhook.url", url),
        r.string("webhook.token"),
        r.duration("webhook.timeout", d.webhookTimeout),
        r.integer("webhook.maxAttempts", d.webhookMaxAttempts),
        r.duration("webhook.backoff.initial", d.webhookBackoffInitial),
        r.duration("webhook.backoff.max", d.webhookBackoffMax),
        r.longValue("salting.advisoryPartitionBytes", d.advisoryPartitionBytes),
        r.integer("salting.minFactor", d.minSaltFactor),
        r.integer("salting.maxFactor", d.maxSaltFactor),
        r.integer("prediction.historyRuns", d.historyRuns),
        r.longValue("ladder.maxExecutorMemoryMb", d.maxExecutorMemoryMb),
        r.longValue("ladder.maxDriverMemoryMb", d.maxDriverMemoryMb),
        r.longValue("ladder.maxMemoryOverheadMb", d.maxMemoryOverheadMb));
  }

  private static void atLeast(String key, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(PREFIX + key + " must be >= " + min + ", was " + value);
    }
  }

  private static void positive(String key, Duration value) {
    Objects.requireNonNull(value, PREFIX + key);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(PREFIX + key + " must be positive, was " + value);
    }
  }

  private record Reader(Map<String, String> props) {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    @Nullable String string(String key) {
      String v = props.get(PREFIX + key);
      return v == null || v.isBlank() ? null : v.trim();
    }

    int integer(String key, int fallback) {
      String v = string(key);
      try {
        return v == null ? fallback : Integer.parseInt(v);
      } catch (NumberFormatException e) {
        throw bad(key, v, "an integer");
      }
    }

    long longValue(String key, long fallback) {
      String v = string(key);
      try {
        return v == null ? fallback : Long.parseLong(v);
      } catch (NumberFormatException e) {
        throw bad(key, v, "an integer");
      }
    }

    double decimal(String key, double fallback) {
      String v = string(key);
      try {
        return v == null ? fallback : Double.parseDouble(v);
      } catch (NumberFormatException e) {
        throw bad(key, v, "a number");
      }
    }

    Duration duration(String key, Duration fallback) {
      String v = string(key);
      if (v == null) {
        return fallback;
      }
      Matcher m = DURATION.matcher(v.toLowerCase(Locale.ROOT));
      if (!m.matches()) {
        throw bad(key, v, "a duration such as 500ms, 30s, 10m or 1h");
      }
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      };
    }

    URI uri(String key, String v) {
      try {
        return URI.create(v);
      } catch (IllegalArgumentException e) {
        throw bad(key, v, "a URL");
      }
    }

    private static IllegalArgumentException bad(String key, String value, String what) {
      return new IllegalArgumentException(PREFIX + key + " must be " + what + ", was '" + value + "'");
    }
  }
}
