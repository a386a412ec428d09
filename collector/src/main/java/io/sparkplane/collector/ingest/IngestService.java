package io.sparkplane.collector.ingest;

import io.sparkplane.collector.auth.TenantScope;
import io.sparkplane.collector.ingest.EventBatchParser.ParsedEvent;
import io.sparkplane.collector.store.FinishedRun;
import io.sparkplane.collector.store.ReceivedEvents;
import io.sparkplane.collector.store.RunStore;
import io.sparkplane.collector.store.StoreResult;
import io.sparkplane.wire.EventType;
import io.sparkplane.wire.RunIdentity;
import io.sparkplane.wire.TelemetryEvent;
import io.sparkplane.wire.TelemetryJson;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingests one decoded body: parses it, validates every event, checks the caller may write for each
 * event's tenant, and appends the batch to the store, all or nothing. Transport-neutral; the HTTP
 * handler only decodes the body and maps {@link IngestException}s to responses.
 *
 * <pre>{@code
 * StoreResult r = service.ingest(body, PayloadFormat.NDJSON, TenantScope.ALL);
 * }</pre>
 */
public final class IngestService {

  private static final Logger log = LoggerFactory.getLogger(IngestService.class);

  private final EventBatchParser parser;
  private final EventValidator validator;
  private final RunStore store;
  private final IngestMetrics metrics;
  private final Consumer<FinishedRun> onFinished;
  private final @Nullable TenantRateLimiter rateLimiter;

  public IngestService(
      EventBatchParser parser, EventValidator validator, RunStore store, IngestMetrics metrics) {
    this(parser, validator, store, metrics, run -> {});
  }

  /** Without a rate limit. */
  public IngestService(
      EventBatchParser parser,
      EventValidator validator,
      RunStore store,
      IngestMetrics metrics,
      Consumer<FinishedRun> onFinished) {
    this(parser, validator, store, metrics, onFinished, null);
  }

  /**
   * @param onFinished told (without blocking) about each run that became finished, after the batch
   *     is durable
   */
  public IngestService(
      EventBatchParser parser,
      EventValidator validator,
      RunStore store,
      IngestMetrics metrics,
      Consumer<FinishedRun> onFinished,
      @Nullable TenantRateLimiter rateLimiter) {
    this.parser = parser;
    this.validator = validator;
    this.store = store;
    this.metrics = metrics;
    this.onFinished = onFinished;
    this.rateLimiter = rateLimiter;
  }

  /**
   * Refuses a request of a tenant whose bucket is already empty, before its body is read or parsed.
   *
   * @throws IngestException {@link RejectReason#RATE_LIMITED} with a retry delay
   */
  public void checkAllowance(TenantScope scope) {
    String tenant = scope.tenant();
    if (rateLimiter != null && tenant != null && !rateLimiter.hasAllowance(tenant)) {
      throw throttled(tenant, rateLimiter.tryAcquire(tenant, 1));
    }
  }

  /**
   * @return what the store did, once the batch is durable
   * @throws IngestException if the body is refused ({@link RejectReason#STORE_UNAVAILABLE} when the
   *     store failed; the caller should retry later)
   */
  public StoreResult ingest(byte[] body, PayloadFormat format, TenantScope scope) {
    metrics.payload(body.length);
    ReceivedEvents events = validate(parser.parseEvents(body, format), scope);
    acquire(scope, events.size());
    StoreResult result = append(events);
    for (int i = 0; i < events.size(); i++) {
      metrics.event(events.get(i).type(), result.outcomes().get(i));
    }
    Map<String, Long> durations = durationsOf(events);
    for (FinishedRun run : result.finishedRuns()) {
      metrics.finished(run, durations.get(key(run.identity())));
    }
    result.finishedRuns().forEach(onFinished);
    return result;
  }

  /** The summaries' {@code durationMs} of the batch's finished runs, by tenant and run id. */
  private static Map<String, Long> durationsOf(List<TelemetryEvent> events) {
    Map<String, Long> durations = new HashMap<>();
    for (TelemetryEvent e : events) {
      if (e.type() == EventType.RUN_FINISHED
          && e.summary().timing() != null
          && e.summary().timing().durationMs() != null) {
        durations.put(key(e.run()), e.summary().timing().durationMs());
      }
    }
    return durations;
  }

  private static String key(RunIdentity run) {
    return run.tenant() + '\u0000' + run.runId();
  }

  /**
   * Binds each tree to its event and checks the caller may send it; the events keep the JSON they
   * were received as, which the store can keep instead of serialising them again. An event whose
   * bytes are unknown (a body in UTF-16 or UTF-32) is kept as its serialisation.
   */
  private ReceivedEvents validate(List<ParsedEvent> parsed, TenantScope scope) {
    List<TelemetryEvent> events = new ArrayList<>(parsed.size());
    List<byte[]> json = new ArrayList<>(parsed.size());
    for (int i = 0; i < parsed.size(); i++) {
      TelemetryEvent event;
      try {
        event = validator.toEvent(parsed.get(i).tree());
      } catch (IngestException e) {
        throw e.atIndex(i);
      }
      if (!scope.permits(event.run().tenant())) {
        throw new IngestException(
            RejectReason.FORBIDDEN,
            "not permitted to send telemetry for tenant '" + event.run().tenant() + "'",
            "$.run.tenant",
            i,
            null);
      }
      events.add(event);
      byte[] received = parsed.get(i).json();
      json.add(received != null ? received : TelemetryJson.toBytes(event));
    }
    return ReceivedEvents.of(events, json);
  }

  private void acquire(TenantScope scope, int events) {
    String tenant = scope.tenant();
    if (rateLimiter == null || tenant == null) {
      return;
    }
    long waitSeconds = rateLimiter.tryAcquire(tenant, events);
    if (waitSeconds > 0) {
      throw throttled(tenant, waitSeconds);
    }
  }

  private IngestException throttled(String tenant, long waitSeconds) {
    metrics.throttled(tenant);
    return new IngestException(
            RejectReason.RATE_LIMITED,
            "tenant '" + tenant + "' exceeds its ingest rate (tenantEventsPerSecond,"
                + " tenantBurstEvents); retry after " + waitSeconds + " s",
            "Authorization")
        .withRetryAfter((int) Math.min(Integer.MAX_VALUE, Math.max(1, waitSeconds)));
  }

  private StoreResult append(List<TelemetryEvent> events) {
    try {
      return store.append(events);
    } catch (RuntimeException e) {
      log.warn("Run store refused a batch of {} events; asking the sender to retry", events.size(), e);
      throw new IngestException(
          RejectReason.STORE_UNAVAILABLE, "the run store is unavailable, retry later", null, null, e);
    }
  }
}
