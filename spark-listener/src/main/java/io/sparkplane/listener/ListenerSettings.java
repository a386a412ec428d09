package io.sparkplane.listener;

import java.time.Duration;
import java.util.Map;
import org.apache.spark.network.util.JavaUtils;

/**
 * Every {@code spark.sparkplane.*} setting the listener reads, with its default. Documented in
 * docs/telemetry.md; unparseable values fall back to the default rather than failing the job.
 *
 * @param enabled kill switch: {@code spark.sparkplane.enabled}
 * @param collectorUrl base URL of the collector; telemetry is only aggregated, not sent, when absent
 * @param token bearer token for the collector, optional
 * @param tenant default tenant of runs ({@code spark.sparkplane.tenant})
 * @param region default region, optional
 * @param workload default workload name, optional
 * @param runId run id of the application-level run, optional (defaults to the application id)
 * @param attempt attempt number of the application-level run
 * @param slaDeadlineMs epoch millis deadline of the application-level run, optional
 * @param heartbeatInterval {@code spark.sparkplane.heartbeat.interval}
 * @param flushTimeout how long application end may wait for delivery
 * @param queueCapacity telemetry events held for delivery before dropping
 * @param batchMaxEvents events per HTTP request
 * @param httpTimeout timeout of one HTTP request
 * @param maxStages stages kept per run summary; cheaper ones are folded
 * @param runIdleTimeout a run set by local properties ends after this long without active jobs
 * @param maxConcurrentRuns runs set by local properties tracked at once ({@code
 *     spark.sparkplane.run.maxConcurrent}); jobs of further new runs count in the application run
 * @param maxCallbackTimeFraction share of wall time the listener's callbacks may use before it
 *     stops sketching per-task metrics
 * @param otel OpenTelemetry tracing of runs and stages ({@code spark.sparkplane.otel.*}); off unless
 *     an endpoint is set
 */
public record ListenerSettings(
    boolean enabled,
    String collectorUrl,
    String token,
    String tenant,
    String region,
    String workload,
    String runId,
    int attempt,
    Long slaDeadlineMs,
    Duration heartbeatInterval,
    Duration flushTimeout,
    int queueCapacity,
    int batchMaxEvents,
    Duration httpTimeout,
    int maxStages,
    Duration runIdleTimeout,
    int maxConcurrentRuns,
    double maxCallbackTimeFraction,
    OtelSettings otel) {

  public static final String PREFIX = "spark.sparkplane.";

  public static ListenerSettings fromConf(Map<String, String> conf) {
    ConfReader r = new ConfReader(conf);
    return new ListenerSettings(
        r.bool("enabled", true),
        r.string("collector.url"),
        r.string("token"),
        r.stringOr("tenant", "default"),
        r.string("region"),
        r.string("workload"),
        r.string("run.id"),
        Math.max(1, r.integer("attempt", 1)),
        r.epochMillis("sla.deadline"),
        r.duration("heartbeat.interval", "30s"),
        r.duration("flush.timeout", "5s"),
        Math.max(10, r.integer("queue.capacity", 1000)),
        Math.max(1, r.integer("batch.maxEvents", 50)),
        r.duration("http.timeout", "10s"),
        Math.max(1, r.integer("stages.max", 100)),
        r.duration("run.idleTimeout", "60s"),
        Math.max(1, r.integer("run.maxConcurrent", 1000)),
        r.fraction("budget.maxCallbackTimeFraction", 0.05),
        new OtelSettings(
            r.string("otel.endpoint"),
            r.stringOr("otel.serviceName", conf.getOrDefault("spark.app.name", "spark")),
            Math.max(16, r.integer("otel.queueSize", 2048)),
            r.duration("otel.timeout", "10s")));
  }

  /**
   * Tracing settings.
   *
   * @param endpoint base URL of an OTLP/HTTP receiver ({@code spark.sparkplane.otel.endpoint}, e.g.
   *     {@code http://otel-collector:4318}); spans go to {@code <endpoint>/v1/traces}. No tracing
   *     (and no tracing work) when absent
   * @param serviceName {@code service.name} of the spans ({@code spark.sparkplane.otel.serviceName},
   *     default the Spark application name)
   * @param queueSize spans held for export before new ones are dropped ({@code
   *     spark.sparkplane.otel.queueSize})
   * @param exportTimeout timeout of one export request and of the flush at application end ({@code
   *     spark.sparkplane.otel.timeout})
   */
  public record OtelSettings(String endpoint, String serviceName, int queueSize, Duration exportTimeout) {

    public boolean enabled() {
      return endpoint != null;
    }
  }

  /** Reads one prefix of a Spark conf map leniently. */
  private record ConfReader(Map<String, String> conf) {

    String string(String key) {
      String v = conf.get(PREFIX + key);
      return v == null || v.isBlank() ? null : v.trim();
    }

    String stringOr(String key, String fallback) {
      String v = string(key);
      return v == null ? fallback : v;
    }

    boolean bool(String key, boolean fallback) {
      String v = string(key);
      return v == null ? fallback : !v.equalsIgnoreCase("false");
    }

    int integer(String key, int fallback) {
      String v = string(key);
      try {
        return v == null ? fallback : Integer.parseInt(v);
      } catch (NumberFormatException e) {
        return fallback;
      }
    }

    double fraction(String key, double fallback) {
      String v = string(key);
      try {
        double d = v == null ? fallback : Double.parseDouble(v);
        return d > 0 && d <= 1 ? d : fallback;
      } catch (NumberFormatException e) {
        return fallback;
      }
    }

    Duration duration(String key, String fallback) {
      String v = stringOr(key, fallback);
      try {
        return Duration.ofMillis(JavaUtils.timeStringAsMs(v));
      } catch (RuntimeException e) {
        return Duration.ofMillis(JavaUtils.timeStringAsMs(fallback));
      }
    }

    Long epochMillis(String key) {
      return SlaDeadline.parse(string(key));
    }
  }
}
