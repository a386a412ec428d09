package io.sparkplane.collector.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sparkplane.collector.store.AppendOutcome;
import io.sparkplane.collector.store.FinishedRun;
import io.sparkplane.wire.EventType;
import io.sparkplane.wire.RunIdentity;
import io.sparkplane.wire.RunStatus;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The collector's ingest meters. In Prometheus form:
 *
 * <ul>
 *   <li>{@code sparkplane_ingest_events_total{type,outcome}}: events received, {@code outcome}
 *       {@code accepted} or {@code duplicate};
 *   <li>{@code sparkplane_ingest_rejected_total{reason}}: refused requests, one series per {@link
 *       RejectReason}, present from start at zero;
 *   <li>{@code sparkplane_runs_finished_total{tenant,region,status}}: runs that received their final
 *       summary, and runs the lost-run detector marked {@code LOST} ({@link #countFinished});
 *   <li>{@code sparkplane_run_duration_seconds{region}}: end-to-end runtime of finished runs
 *       ({@code durationMs} of the summary's timing), histogram with 16 buckets from 10 s to 1 day;
 *   <li>{@code sparkplane_ingest_request_seconds{outcome}}: time from receiving a telemetry request
 *       to answering it, {@code outcome} {@code accepted} or {@code rejected} (histogram);
 *   <li>{@code sparkplane_ingest_throttled_total{tenant}}: requests refused by the tenant's rate
 *       limit;
 *   <li>{@code sparkplane_ingest_payload_bytes}: decoded (decompressed) request body sizes.
 * </ul>
 *
 * <p>Store operation times are {@code sparkplane_store_operation_seconds}, measured around the store
 * itself (see {@code io.sparkplane.collector.tracing.InstrumentedRunStore}). Every meter and label
 * is listed with its reason in {@code docs/metrics.md}.
 */
public final class IngestMetrics {

  static final String UNKNOWN_REGION = "unknown";

  /**
   * Bucket bounds of {@code sparkplane_run_duration_seconds}: Spark runs take seconds to hours, and
   * 16 fixed bounds keep the histogram at 17 series per region (a run past a day lands in +Inf).
   */
  static final Duration[] RUN_DURATION_BUCKETS = {
    Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2),
    Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(15), Duration.ofMinutes(30),
    Duration.ofMinutes(45), Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(3),
    Duration.ofHours(6), Duration.ofHours(12), Duration.ofHours(18), Duration.ofDays(1)
  };

  private final MeterRegistry registry;
  private final Map<EventType, Map<AppendOutcome, Counter>> events = new EnumMap<>(EventType.class);
  private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);
  private final Timer requestAccepted;
  private final Timer requestRejected;
  private final DistributionSummary payloadBytes;

  public IngestMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (EventType type : EventType.values()) {
      Map<AppendOutcome, Counter> byOutcome = new EnumMap<>(AppendOutcome.class);
      for (AppendOutcome outcome : AppendOutcome.values()) {
        byOutcome.put(
            outcome,
            Counter.builder("sparkplane.ingest.events")
                .description("Telemetry events received, by type and whether they were new")
                .tag("type", type.name())
                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                .register(registry));
      }
      events.put(type, byOutcome);
    }
    for (RejectReason reason : RejectReason.values()) {
      rejected.put(
          reason,
          Counter.builder("sparkplane.ingest.rejected")
              .description("Telemetry requests refused, by reason")
              .tag("reason", reason.tag())
              .register(registry));
    }
    requestAccepted = requestTimer("accepted");
    requestRejected = requestTimer("rejected");
    payloadBytes =
        DistributionSummary.builder("sparkplane.ingest.payload")
            .description("Size of telemetry request bodies after decompression")
            .baseUnit("bytes")
            .register(registry);
  }

  void event(EventType type, AppendOutcome outcome) {
    events.get(type).get(outcome).increment();
  }

  /** Counts a refused request. */
  public void rejected(RejectReason reason) {
    rejected.get(reason).increment();
  }

  void finished(FinishedRun run, @Nullable Long durationMs) {
    countFinished(registry, run.identity(), run.status());
    if (durationMs != null && durationMs >= 0) {
      Timer.builder("sparkplane.run.duration")
          .description("End-to-end runtime of finished runs, from the summary's timing")
          .tag("region", regionOf(run.identity()))
          .serviceLevelObjectives(RUN_DURATION_BUCKETS)
          .register(registry)
          .record(durationMs, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Counts one run outcome in {@code sparkplane_runs_finished_total{tenant,region,status}}: runs
   * that sent their summary, and runs the lost-run detector marked {@code LOST}, so that failure
   * ratios over {@code status=~"FAILED|LOST"} see both.
   */
  public static void countFinished(MeterRegistry registry, RunIdentity identity, RunStatus status) {
    Counter.builder("sparkplane.runs.finished")
        .description("Runs that received their final summary or were marked LOST")
        .tag("tenant", identity.tenant())
        .tag("region", regionOf(identity))
        .tag("status", status.name())
        .register(registry)
        .increment();
  }

  private static String regionOf(RunIdentity identity) {
    @Nullable String region = identity.region();
    return region == null ? UNKNOWN_REGION : region;
  }

  private Timer requestTimer(String outcome) {
    return Timer.builder("sparkplane.ingest.request")
        .description("Time from receiving a telemetry request to answering it")
        .tag("outcome", outcome)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry);
  }

  /** Records how long a telemetry request took, from its start in {@link System#nanoTime()}. */
  public void request(boolean accepted, long startNanos) {
    (accepted ? requestAccepted : requestRejected)
        .record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
  }

  void throttled(String tenant) {
    Counter.builder("sparkplane.ingest.throttled")
        .description("Telemetry requests refused by the tenant's rate limit")
        .tag("tenant", tenant)
        .register(registry)
        .increment();
  }

  /** Records the size of a decoded request body. */
  public void payload(int bytes) {
    payloadBytes.record(bytes);
  }
}
