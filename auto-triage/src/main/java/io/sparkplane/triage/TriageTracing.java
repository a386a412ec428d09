package io.sparkplane.triage;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.sparkplane.collector.store.StoredRun;
import io.sparkplane.collector.tracing.CollectorTracing;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Records the triage of a run as a span in the run's own trace: a child of the W3C {@code
 * traceparent} on its summary (the listener's run span, or the engine's request), so an engine's
 * request, its Spark run and its triage read as one trace. Runs without a trace context are triaged
 * without a span.
 *
 * <pre>{@code
 * new TriageExtension(settings, meterSettings, TriageTracing.of(openTelemetrySdk));
 * }</pre>
 */
public final class TriageTracing {

  /** Instrumentation scope of the triage span. */
  public static final String INSTRUMENTATION_SCOPE = "io.sparkplane.triage";

  static final String SPAN_NAME = "sparkplane.triage";

  private static final TriageTracing NOOP = new TriageTracing(OpenTelemetry.noop());

  private final Tracer tracer;

  private TriageTracing(OpenTelemetry openTelemetry) {
    this.tracer = openTelemetry.getTracer(INSTRUMENTATION_SCOPE);
  }

  /** Spans go to {@code openTelemetry}'s tracer provider (e.g. the collector's OTLP export). */
  public static TriageTracing of(OpenTelemetry openTelemetry) {
    return new TriageTracing(Objects.requireNonNull(openTelemetry, "openTelemetry"));
  }

  /** Records nothing; the default. */
  public static TriageTracing noop() {
    return NOOP;
  }

  /** Runs {@code triage} of {@code run}, inside a span of the run's trace if it has one. */
  Optional<Verdict> traced(StoredRun run, Supplier<Optional<Verdict>> triage) {
    String traceparent = run.summary() == null ? null : run.summary().traceparent();
    if (traceparent == null) {
      return triage.get();
    }
    Context parent = CollectorTracing.contextOf(traceparent);
    if (!Span.fromContext(parent).getSpanContext().isValid()) {
      return triage.get();
    }
    Span span =
        tracer
            .spanBuilder(SPAN_NAME)
            .setParent(parent)
            .setSpanKind(SpanKind.INTERNAL)
            .setAttribute("sparkplane.tenant", run.tenant())
            .setAttribute("sparkplane.run.id", run.runId())
            .setAttribute("sparkplane.run.status", run.status().name())
            .startSpan();
    return CollectorTracing.within(
        span,
        () -> {
          Optional<Verdict> verdict = triage.get();
          verdict.ifPresent(
              v -> {
                span.setAttribute("sparkplane.triage.class", v.triageClass().name());
                span.setAttribute("sparkplane.triage.fingerprint", v.fingerprint());
              });
          return verdict;
        });
  }
}
