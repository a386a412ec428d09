package io.sparkplane.collector.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.sparkplane.collector.store.RunPage;
import io.sparkplane.collector.store.RunQuery;
import io.sparkplane.collector.store.RunStore;
import io.sparkplane.collector.store.StoreResult;
import io.sparkplane.collector.store.StoredRun;
import io.sparkplane.wire.TelemetryEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A {@link RunStore} that measures every operation of the store it wraps, whichever store that is:
 * {@code sparkplane_store_operation_seconds{operation,outcome}} (histogram; {@code outcome} {@code ok}
 * or {@code error}), and one span per write ({@code RunStore.append}, {@code RunStore.putAttachment},
 * {@code RunStore.markLost}) as a child of the current span. Reads get no span: they are the run API,
 * whose request already shows in the caller's trace, and a span per read would dominate the trace
 * volume.
 *
 * <pre>{@code
 * RunStore store = new InstrumentedRunStore(H2RunStore.open(dir, clock), registry, tracing);
 * }</pre>
 */
public final class InstrumentedRunStore implements RunStore {

  private final RunStore delegate;
  private final MeterRegistry registry;
  private final Tracer tracer;
  /** By operation and outcome: registering looks the meter up through every filter, on each call. */
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  public InstrumentedRunStore(RunStore delegate, MeterRegistry registry, CollectorTracing tracing) {
    this.delegate = delegate;
    this.registry = registry;
    this.tracer = tracing.tracer();
    for (String operation :
        List.of("append", "find_run", "list_runs", "put_attachment", "attachments", "mark_lost")) {
      timer(operation, "ok");
    }
  }

  /** The wrapped store. */
  public RunStore delegate() {
    return delegate;
  }

  @Override
  public StoreResult append(List<TelemetryEvent> events) {
    return write("append", "RunStore.append", events.size(), () -> delegate.append(events));
  }

  @Override
  public Optional<StoredRun> findRun(@Nullable String tenant, String runId) {
    return timed("find_run", () -> delegate.findRun(tenant, runId));
  }

  @Override
  public RunPage listRuns(RunQuery query) {
    return timed("list_runs", () -> delegate.listRuns(query));
  }

  @Override
  public void putAttachment(String tenant, String runId, String name, JsonNode document) {
    write(
        "put_attachment",
        "RunStore.putAttachment",
        1,
        () -> {
          delegate.putAttachment(tenant, runId, name, document);
          return null;
        });
  }

  @Override
  public Map<String, JsonNode> attachments(String tenant, String runId) {
    return timed("attachments", () -> delegate.attachments(tenant, runId));
  }

  @Override
  public List<StoredRun> markLost(Instant receivedBefore, int limit) {
    return write("mark_lost", "RunStore.markLost", limit, () -> delegate.markLost(receivedBefore, limit));
  }

  @Override
  public boolean isHealthy() {
    return delegate.isHealthy();
  }

  @Override
  public void close() {
    delegate.close();
  }

  private <T> T write(String operation, String spanName, int items, Supplier<T> call) {
    Span span =
        tracer
            .spanBuilder(spanName)
            .setSpanKind(SpanKind.INTERNAL)
            .setAttribute("sparkplane.store.items", items)
            .startSpan();
    return CollectorTracing.within(span, () -> timed(operation, call));
  }

  private <T> T timed(String operation, Supplier<T> call) {
    long start = System.nanoTime();
    String outcome = "error";
    try {
      T result = call.get();
      outcome = "ok";
      return result;
    } finally {
      timer(operation, outcome).record(Duration.ofNanos(System.nanoTime() - start));
    }
  }

  private Timer timer(String operation, String outcome) {
    return timers.computeIfAbsent(operation + ' ' + outcome, key -> register(operation, outcome));
  }

  private Timer register(String operation, String outcome) {
    return Timer.builder("sparkplane.store.operation")
        .description("Time of run store operations, by operation and outcome")
        .tag("operation", operation)
        .tag("outcome", outcome)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry);
  }
}
