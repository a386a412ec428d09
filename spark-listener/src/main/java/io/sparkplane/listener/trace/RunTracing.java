package io.sparkplane.listener.trace;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.sparkplane.wire.RunIdentity;
import io.sparkplane.wire.RunStatus;
import io.sparkplane.wire.StageSummary;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * The trace of each run: which W3C {@code traceparent} it belongs to and, when a tracer is given, a
 * {@code spark.run} span with one {@code spark.stage} child per stage attempt. Span times are the
 * Spark events' own times, so the spans show the run as Spark timed it.
 *
 * <p>The run's parent is the {@code traceparent} local property of its first job (an engine sets it
 * with {@code sc.setLocalProperty("traceparent", ...)}). Without a tracer only that property is kept,
 * so the run summary still names the engine's trace for the collector and triage.
 *
 * <pre>{@code
 * RunTracing tracing = RunTracing.traced(sdk.getTracer("io.sparkplane.listener"), guard::failed);
 * tracing.jobStarted(identity, runStartMs, jobProperties);
 * String traceparent = tracing.runFinished("run-1", RunStatus.SUCCEEDED, endMs);
 * }</pre>
 *
 * <p>Not thread-safe: {@code RunTracker} calls it under its own lock. Tracing failures go to the
 * failure handler (the listener's guard) instead of into the run's telemetry.
 */
public final class RunTracing {

  /** The Spark local property an engine sets to make a run part of its trace. */
  public static final String TRACEPARENT_PROPERTY = "traceparent";

  /** Instrumentation scope of the listener's spans. */
  public static final String INSTRUMENTATION_SCOPE = "io.sparkplane.listener";

  /** Open stage spans per run beyond which further stages get no span. */
  static final int MAX_OPEN_STAGES = 10_000;

  private static final Pattern TRACEPARENT =
      Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

  private final Tracer tracer;
  private final BiConsumer<String, Throwable> onFailure;
  private final Map<String, RunTrace> runs = new HashMap<>();

  private RunTracing(Tracer tracer, BiConsumer<String, Throwable> onFailure) {
    this.tracer = tracer;
    this.onFailure = onFailure;
  }

  /** Keeps each run's {@code traceparent} property for its summary; makes no spans. */
  public static RunTracing propagateOnly() {
    return new RunTracing(
        null,
        (where, e) -> {
          throw new IllegalStateException("tracing failed in " + where, e);
        });
  }

  /** Makes run and stage spans with {@code tracer}; failures go to {@code onFailure}. */
  public static RunTracing traced(Tracer tracer, BiConsumer<String, Throwable> onFailure) {
    return new RunTracing(Objects.requireNonNull(tracer, "tracer"), onFailure);
  }

  public boolean makesSpans() {
    return tracer != null;
  }

  /** A job of the run started; the run's first job names its parent trace. */
  public void jobStarted(RunIdentity run, long runStartMs, Properties jobProperties) {
    try {
      RunTrace trace = runs.get(run.runId());
      if (trace == null) {
        String incoming =
            jobProperties == null ? null : valid(jobProperties.getProperty(TRACEPARENT_PROPERTY));
        trace = new RunTrace(incoming);
        runs.put(run.runId(), trace);
      }
      ensureRunSpan(trace, run, runStartMs);
    } catch (RuntimeException e) {
      onFailure.accept("tracing a job start", e);
    }
  }

  /** A stage attempt of the run was submitted at {@code timeMs}. */
  public void stageSubmitted(RunIdentity run, long runStartMs, int stageId, int attempt, long timeMs) {
    if (tracer == null) {
      return;
    }
    try {
      RunTrace trace = runs.computeIfAbsent(run.runId(), id -> new RunTrace(null));
      ensureRunSpan(trace, run, runStartMs);
      if (trace.stages.size() >= MAX_OPEN_STAGES) {
        return;
      }
      Span stage =
          tracer
              .spanBuilder("spark.stage")
              .setParent(Context.root().with(trace.span))
              .setSpanKind(SpanKind.INTERNAL)
              .setStartTimestamp(timeMs, TimeUnit.MILLISECONDS)
              .setAttribute("spark.stage.id", stageId)
              .setAttribute("spark.stage.attempt", attempt)
              .startSpan();
      Span previous = trace.stages.put(stageKey(stageId, attempt), stage);
      if (previous != null) {
        previous.end(timeMs, TimeUnit.MILLISECONDS);
      }
    } catch (RuntimeException e) {
      onFailure.accept("tracing a stage submission", e);
    }
  }

  /** A stage attempt of the run completed; ends its span with the summary's figures. */
  public void stageCompleted(RunIdentity run, long runStartMs, StageSummary stage) {
    if (tracer == null) {
      return;
    }
    try {
      RunTrace trace = runs.computeIfAbsent(run.runId(), id -> new RunTrace(null));
      ensureRunSpan(trace, run, runStartMs);
      Span span = trace.stages.remove(stageKey(stage.stageId(), stage.attempt()));
      if (span == null) {
        long start = stage.submissionTimeMs() != null ? stage.submissionTimeMs() : runStartMs;
        span =
            tracer
                .spanBuilder("spark.stage")
                .setParent(Context.root().with(trace.span))
                .setStartTimestamp(start, TimeUnit.MILLISECONDS)
                .startSpan();
      }
      end(span, stage);
    } catch (RuntimeException e) {
      onFailure.accept("tracing a stage completion", e);
    }
  }

  /**
   * The run finished with {@code status} at {@code endMs}: ends its open stage spans and its run
   * span, and forgets it.
   *
   * @return the run's trace context to put on its summary: its run span when spans are made, else
   *     the engine's {@code traceparent}; null if the run has neither
   */
  public String runFinished(RunIdentity run, long runStartMs, RunStatus status, String failure, long endMs) {
    RunTrace trace = runs.remove(run.runId());
    try {
      if (tracer == null) {
        return trace == null ? null : trace.incoming;
      }
      if (trace == null) {
        trace = new RunTrace(null);
      }
      ensureRunSpan(trace, run, runStartMs);
      for (Iterator<Span> it = trace.stages.values().iterator(); it.hasNext(); ) {
        Span open = it.next();
        open.setAttribute("spark.stage.status", "ACTIVE");
        open.end(endMs, TimeUnit.MILLISECONDS);
        it.remove();
      }
      trace.span.setAttribute("sparkplane.run.status", status.name());
      if (status == RunStatus.FAILED) {
        trace.span.setStatus(StatusCode.ERROR, failure == null ? "run failed" : failure);
      }
      trace.span.end(endMs, TimeUnit.MILLISECONDS);
      return traceparent(trace.span.getSpanContext());
    } catch (RuntimeException e) {
      onFailure.accept("tracing a run end", e);
      return trace == null ? null : trace.incoming;
    }
  }

  /** Runs being traced, for tests. */
  int openRuns() {
    return runs.size();
  }

  private void ensureRunSpan(RunTrace trace, RunIdentity run, long runStartMs) {
    if (tracer == null || trace.span != null) {
      return;
    }
    var builder =
        tracer
            .spanBuilder("spark.run")
            .setSpanKind(SpanKind.INTERNAL)
            .setAttribute("sparkplane.run.id", run.runId())
            .setAttribute("sparkplane.tenant", run.tenant())
            .setAttribute("sparkplane.attempt", run.attempt());
    if (runStartMs > 0) {
      // 0 when the listener joined a running application and never saw its start: then "now".
      builder.setStartTimestamp(runStartMs, TimeUnit.MILLISECONDS);
    }
    builder.setParent(trace.incoming == null ? Context.root() : parentOf(trace.incoming));
    if (run.workload() != null) {
      builder.setAttribute("sparkplane.workload", run.workload());
    }
    if (run.appId() != null) {
      builder.setAttribute("spark.app.id", run.appId());
    }
    trace.span = builder.startSpan();
  }

  private static void end(Span span, StageSummary stage) {
    span.setAttribute("spark.stage.id", stage.stageId());
    span.setAttribute("spark.stage.attempt", stage.attempt());
    span.setAttribute("spark.stage.tasks", stage.numTasks());
    span.setAttribute("spark.stage.failed_tasks", stage.totals().failedTasks());
    span.setAttribute("spark.stage.skew_ratio", stage.skewRatio());
    span.setAttribute("spark.stage.status", stage.status());
    if (stage.name() != null) {
      span.setAttribute("spark.stage.name", stage.name());
    }
    if ("FAILED".equals(stage.status())) {
      span.setStatus(
          StatusCode.ERROR, stage.failureReason() == null ? "stage failed" : stage.failureReason());
    }
    if (stage.completionTimeMs() != null) {
      span.end(stage.completionTimeMs(), TimeUnit.MILLISECONDS);
    } else if (stage.submissionTimeMs() != null) {
      span.end(stage.submissionTimeMs() + stage.durationMs(), TimeUnit.MILLISECONDS);
    } else {
      span.end();
    }
  }

  /** A W3C traceparent if {@code value} is one (version 00, non-zero ids), else null. */
  public static String valid(String value) {
    if (value == null) {
      return null;
    }
    String v = value.trim();
    if (!TRACEPARENT.matcher(v).matches()) {
      return null;
    }
    SpanContext context = Span.fromContext(parentOf(v)).getSpanContext();
    return context.isValid() ? v : null;
  }

  /** {@code context} in W3C traceparent form. */
  public static String traceparent(SpanContext context) {
    if (!context.isValid()) {
      return null;
    }
    return "00-" + context.getTraceId() + "-" + context.getSpanId() + "-"
        + context.getTraceFlags().asHex();
  }

  private static Context parentOf(String traceparent) {
    return W3CTraceContextPropagator.getInstance()
        .extract(Context.root(), traceparent, SingleHeader.INSTANCE);
  }

  private static long stageKey(int stageId, int attempt) {
    return ((long) stageId << 32) | (attempt & 0xffffffffL);
  }

  /** What is known of one run's trace. */
  private static final class RunTrace {
    final String incoming;
    Span span;
    final Map<Long, Span> stages = new HashMap<>();

    RunTrace(String incoming) {
      this.incoming = incoming;
    }
  }

  /** Reads a traceparent string as the only header of a carrier. */
  private enum SingleHeader implements TextMapGetter<String> {
    INSTANCE;

    @Override
    public Iterable<String> keys(String carrier) {
      return List.of(TRACEPARENT_PROPERTY);
    }

    @Override
    public String get(String carrier, String key) {
      return TRACEPARENT_PROPERTY.equals(key) ? carrier : null;
    }
  }
}
