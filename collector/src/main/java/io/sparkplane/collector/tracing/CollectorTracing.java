package io.sparkplane.collector.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The collector's tracer. Whatever {@link OpenTelemetry} the server configured (an SDK with an OTLP
 * exporter, see {@link OtlpTracing}, or the no-op default), an incoming W3C {@code traceparent}
 * header is always honoured, so an engine's request, the run it started and the collector's ingest
 * share one trace.
 *
 * <pre>{@code
 * CollectorTracing tracing = CollectorTracing.of(OtlpTracing.start("http://otel:4318", "sparkplane-collector"));
 * }</pre>
 */
public final class CollectorTracing {

  /** Instrumentation scope name of every span the collector makes. */
  public static final String INSTRUMENTATION_SCOPE = "io.sparkplane.collector";

  private static final CollectorTracing NOOP = new CollectorTracing(OpenTelemetry.noop());

  private final Tracer tracer;

  private CollectorTracing(OpenTelemetry openTelemetry) {
    this.tracer = openTelemetry.getTracer(INSTRUMENTATION_SCOPE);
  }

  public static CollectorTracing of(OpenTelemetry openTelemetry) {
    return new CollectorTracing(Objects.requireNonNull(openTelemetry, "openTelemetry"));
  }

  /** Records nothing; the default. */
  public static CollectorTracing noop() {
    return NOOP;
  }

  public Tracer tracer() {
    return tracer;
  }

  /**
   * The parent context of an incoming request: the span named by its {@code traceparent} header,
   * or the root context if there is none (or it is malformed).
   *
   * @param header looks up a request header by name, {@code null} if absent
   */
  public Context parentOf(UnaryOperator<@Nullable String> header) {
    return extract(header);
  }

  /**
   * The context a W3C {@code traceparent} value names (e.g. one stored on a run summary), or the
   * root context if it is malformed.
   */
  public static Context contextOf(String traceparent) {
    return extract(key -> "traceparent".equals(key) ? traceparent : null);
  }

  /**
   * Runs {@code call} with {@code span} current and ends the span; a {@link RuntimeException} from
   * {@code call} is recorded on the span as an error and rethrown.
   */
  public static <T> T within(Span span, Supplier<T> call) {
    try (Scope ignored = span.makeCurrent()) {
      return call.get();
    } catch (RuntimeException e) {
      span.recordException(e);
      span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
      throw e;
    } finally {
      span.end();
    }
  }

  private static Context extract(UnaryOperator<@Nullable String> header) {
    return W3CTraceContextPropagator.getInstance()
        .extract(Context.root(), header, HeaderGetter.INSTANCE);
  }

  private enum HeaderGetter implements TextMapGetter<UnaryOperator<@Nullable String>> {
    INSTANCE;

    @Override
    public Iterable<String> keys(UnaryOperator<@Nullable String> carrier) {
      return W3CTraceContextPropagator.getInstance().fields();
    }

    @Override
    public @Nullable String get(@Nullable UnaryOperator<@Nullable String> carrier, String key) {
      return carrier == null ? null : carrier.apply(key);
    }
  }
}
