package io.sparkplane.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.sparkplane.listener.trace.RunTracing;
import io.sparkplane.wire.RunStatus;
import io.sparkplane.wire.RunSummary;
import io.sparkplane.wire.TelemetryEvent;
import io.sparkplane.wire.TelemetryJson;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Run and stage spans of real local Spark jobs, captured with the SDK's in-memory exporter. A second
 * listener with a tracer joins the shared session; the shared listener (no otel endpoint) shows what
 * happens with tracing off.
 */
@DisplayName("Tracing of runs and stages on real Spark jobs")
class SparkRunTracingTest {

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String ENGINE_SPAN_ID = "00f067aa0ba902b7";
  private static final String TRACEPARENT = "00-" + TRACE_ID + "-" + ENGINE_SPAN_ID + "-01";
  private static final Duration WAIT = Duration.ofSeconds(60);

  private final SparkSession spark = SharedSpark.session();
  private final SparkContext sc = spark.sparkContext();
  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final RecordingSink sink = new RecordingSink();
  private SdkTracerProvider provider;
  private SparkplaneListener traced;

  @BeforeEach
  void attachTracedListener() {
    provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    traced =
        new SparkplaneListener(
            Map.of(
                "spark.sparkplane.tenant", "acme",
                "spark.sparkplane.heartbeat.interval", "200ms",
                "spark.sparkplane.run.idleTimeout", "2s"),
            Clock.systemUTC(),
            sink,
            provider.get(RunTracing.INSTRUMENTATION_SCOPE));
    sc.addSparkListener(traced);
  }

  @AfterEach
  void detach() {
    sc.removeSparkListener(traced);
    sc.setLocalProperty(RunTracing.TRACEPARENT_PROPERTY, null);
    SharedSpark.endRun();
    provider.close();
  }

  @Test
  @DisplayName("a run under the engine's traceparent is its child span, stages are children of the run, a failed stage is ERROR")
  void runAndStageSpans() throws Exception {
    String runId = SharedSpark.beginRun("traced");
    sc.setLocalProperty(RunTracing.TRACEPARENT_PROPERTY, TRACEPARENT);
    UserDefinedFunction explode =
        functions.udf(
            (UDF1<Long, Long>)
                k -> {
                  if (k == 7L) {
                    throw new IllegalStateException("boom at key 7");
                  }
                  return k;
                },
            DataTypes.LongType);
    // One job: its shuffle-map stage completes, the stage reading the shuffle fails.
    assertThatThrownBy(
            () ->
                spark
                    .range(0, 100_000, 1, 4)
                    .selectExpr("id % 10 AS k")
                    .groupBy("k")
                    .count()
                    .select(explode.apply(functions.col("k")))
                    .collect())
        .hasMessageContaining("boom at key 7");

    TelemetryEvent finished = sink.awaitFinished(runId, WAIT);
    RunSummary summary = finished.summary();
    assertThat(summary.status()).isEqualTo(RunStatus.FAILED);

    SpanData run = onlySpan("spark.run", runId);
    assertThat(run.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(run.getParentSpanId()).isEqualTo(ENGINE_SPAN_ID);
    assertThat(run.getParentSpanContext().isRemote()).isTrue();
    assertThat(run.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(run.getAttributes().get(AttributeKey.stringKey("sparkplane.workload"))).isEqualTo("traced");
    assertThat(run.getEndEpochNanos()).isGreaterThan(run.getStartEpochNanos());

    List<SpanData> stages =
        exporter.getFinishedSpanItems().stream()
            .filter(s -> s.getName().equals("spark.stage"))
            .filter(s -> s.getParentSpanId().equals(run.getSpanId()))
            .toList();
    assertThat(stages).hasSizeGreaterThanOrEqualTo(2).allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(TRACE_ID));
    assertThat(stages)
        .anySatisfy(
            s -> {
              assertThat(s.getAttributes().get(AttributeKey.stringKey("spark.stage.status"))).isEqualTo("COMPLETE");
              assertThat(s.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
              assertThat(s.getAttributes().get(AttributeKey.longKey("spark.stage.tasks"))).isPositive();
              assertThat(s.getAttributes().get(AttributeKey.doubleKey("spark.stage.skew_ratio"))).isNotNull();
            })
        .anySatisfy(
            s -> {
              assertThat(s.getAttributes().get(AttributeKey.stringKey("spark.stage.status"))).isEqualTo("FAILED");
              assertThat(s.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
              assertThat(s.getStatus().getDescription()).contains("boom at key 7");
              assertThat(s.getAttributes().get(AttributeKey.longKey("spark.stage.failed_tasks"))).isPositive();
              assertThat(s.getAttributes().get(AttributeKey.longKey("spark.stage.id"))).isNotNull();
              assertThat(s.getAttributes().get(AttributeKey.longKey("spark.stage.attempt"))).isZero();
            });

    assertThat(summary.status()).isEqualTo(RunStatus.FAILED);
    assertThat(summary.traceparent())
        .as("the summary names the run span, for the collector and triage")
        .isEqualTo("00-" + TRACE_ID + "-" + run.getSpanId() + "-01");
    JsonSchema schema =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(TelemetryJson.schema());
    assertThat(schema.validate(TelemetryJson.mapper().readTree(TelemetryJson.toBytes(finished)))).isEmpty();
    assertThat(TelemetryJson.parseEvent(TelemetryJson.toBytes(finished)).summary().traceparent())
        .isEqualTo(summary.traceparent());
  }

  @Test
  @DisplayName("without spark.sparkplane.otel.endpoint no span is made, and the summary carries the engine's traceparent as it came")
  void tracingOff() throws Exception {
    String runId = SharedSpark.beginRun("untraced");
    sc.setLocalProperty(RunTracing.TRACEPARENT_PROPERTY, TRACEPARENT);
    assertThat(spark.range(0, 1000, 1, 2).count()).isEqualTo(1000);

    // The shared listener has no otel endpoint.
    TelemetryEvent finished = SharedSpark.sink().awaitFinished(runId, WAIT);
    assertThat(finished.summary().traceparent()).isEqualTo(TRACEPARENT);
    assertThat(new SparkplaneListener(Map.of(), Clock.systemUTC(), event -> {}).tracesSpans()).isFalse();
  }

  @Test
  @DisplayName("a job without traceparent starts its run as a new trace, and a malformed one is ignored")
  void noParent() throws Exception {
    String runId = SharedSpark.beginRun("root");
    sc.setLocalProperty(RunTracing.TRACEPARENT_PROPERTY, "00-not-a-trace-01");
    assertThat(spark.range(0, 1000, 1, 2).count()).isEqualTo(1000);

    RunSummary summary = sink.awaitFinished(runId, WAIT).summary();

    SpanData run = onlySpan("spark.run", runId);
    assertThat(run.getParentSpanContext().isValid()).isFalse();
    assertThat(summary.traceparent()).isEqualTo("00-" + run.getTraceId() + "-" + run.getSpanId() + "-01");
    assertThat(SharedSpark.sink().awaitFinished(runId, WAIT).summary().traceparent()).isNull();
  }

  @Test
  @DisplayName("an otel endpoint that cannot be used leaves the listener working, untraced")
  void badEndpoint() {
    SparkplaneListener listener =
        new SparkplaneListener(
            Map.of("spark.sparkplane.otel.endpoint", "otel-collector:4318"), Clock.systemUTC(), event -> {});
    assertThat(listener.tracesSpans()).isFalse();
    assertThat(listener.switchedOff()).isFalse();
  }

  private SpanData onlySpan(String name, String runId) {
    List<SpanData> spans =
        exporter.getFinishedSpanItems().stream()
            .filter(s -> s.getName().equals(name))
            .filter(s -> runId.equals(s.getAttributes().get(AttributeKey.stringKey("sparkplane.run.id"))))
            .toList();
    assertThat(spans).as(name + " spans of " + runId).hasSize(1);
    return spans.get(0);
  }
}
