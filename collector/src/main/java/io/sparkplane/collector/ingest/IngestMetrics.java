package io.sparkplane.collector.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sparkplane.collector.store.AppendOutcome;
import io.sparkplane.collector.store.FinishedRun;
import io.sparkplane.wire.EventType;
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
 *       summary;
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

  void finished(FinishedRun run) {
    @Nullable String region = run.identity().region();
    Counter.builder("sparkplane.runs.finished")
        .description("Runs that received their final summary")
        .tag("tenant", run.identity().tenant())
        .tag("region", region == null ? UNKNOWN_REGION : region)
        .tag("status", run.status().name())
        .register(registry)
        .increment();
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
