package io.sparkplane.collector.tracing;

import static io.sparkplane.collector.TestEvents.run;
import static io.sparkplane.collector.TestEvents.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.sparkplane.collector.CollectorConfig;
import io.sparkplane.collector.CollectorServer;
import io.sparkplane.collector.TestHttp;
import io.sparkplane.wire.TelemetryJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spans of the collector, captured with the SDK's in-memory exporter. */
@DisplayName("Collector tracing")
class CollectorTracingTest {

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String PARENT_SPAN_ID = "00f067aa0ba902b7";
  private static final String TRACEPARENT = "00-" + TRACE_ID + "-" + PARENT_SPAN_ID + "-01";

  @TempDir Path dir;

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private OpenTelemetrySdk sdk;
  private CollectorServer server;
  private TestHttp http;

  @BeforeEach
  void start() {
    sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
            .build();
    server =
        CollectorServer.builder(CollectorConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(dir))
            .tracing(CollectorTracing.of(sdk))
            .build();
    http = new TestHttp(server.start());
  }

  @AfterEach
  void stop() {
    server.close();
    sdk.close();
  }

  @Test
  @DisplayName("A span run with within is current during the call, ends, and records a thrown exception as an error")
  void withinRecordsErrors() {
    Tracer tracer = sdk.getTracer("test");
    Span ok = tracer.spanBuilder("ok").setParent(CollectorTracing.contextOf(TRACEPARENT)).startSpan();
    assertThat(CollectorTracing.within(ok, () -> Span.current() == ok)).isTrue();
    Span failing = tracer.spanBuilder("failing").startSpan();
    assertThatThrownBy(() -> CollectorTracing.within(failing, () -> {
          throw new IllegalStateException("boom");
        }))
        .hasMessage("boom");

    SpanData okData = exporter.getFinishedSpanItems().get(0);
    assertThat(okData.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(okData.getParentSpanId()).isEqualTo(PARENT_SPAN_ID);
    assertThat(okData.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    SpanData failed = exporter.getFinishedSpanItems().get(1);
    assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(failed.getStatus().getDescription()).isEqualTo("IllegalStateException");
    assertThat(failed.getEvents()).extracting(e -> e.getName()).containsExactly("exception");
    assertThat(Span.fromContext(CollectorTracing.contextOf("not-a-traceparent")).getSpanContext().isValid())
        .isFalse();
  }

  @Test
  @DisplayName("An ingest request is a server span under the caller's traceparent, and its store write a child of it")
  void ingestAndStoreSpans() throws Exception {
    byte[] body = TelemetryJson.toBytes(List.of(started(run("acme", "traced"), 1_000L)));

    assertThat(http.post(body, null, TRACEPARENT).statusCode()).isEqualTo(200);

    SpanData ingest = span("POST /api/v1/telemetry");
    SpanData append = span("RunStore.append");
    assertThat(ingest.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(ingest.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(ingest.getParentSpanId()).isEqualTo(PARENT_SPAN_ID);
    assertThat(ingest.getParentSpanContext().isRemote()).isTrue();
    assertThat(ingest.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(200);
    assertThat(ingest.getAttributes().get(AttributeKey.longKey("sparkplane.events.accepted"))).isEqualTo(1);
    assertThat(append.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(append.getParentSpanId()).isEqualTo(ingest.getSpanId());
    assertThat(append.getKind()).isEqualTo(SpanKind.INTERNAL);
  }

  @Test
  @DisplayName("Without traceparent the ingest span starts a new trace")
  void newTraceWithoutHeader() throws Exception {
    byte[] body = TelemetryJson.toBytes(List.of(started(run("acme", "untraced"), 1_000L)));

    assertThat(http.post(body, null, null).statusCode()).isEqualTo(200);

    SpanData ingest = span("POST /api/v1/telemetry");
    assertThat(ingest.getParentSpanContext().isValid()).isFalse();
    assertThat(span("RunStore.append").getParentSpanId()).isEqualTo(ingest.getSpanId());
  }

  @Test
  @DisplayName("A refused request is traced with its status and reason, without a store span")
  void refusedRequest() throws Exception {
    assertThat(http.post("{".getBytes(StandardCharsets.UTF_8), null, TRACEPARENT).statusCode()).isEqualTo(400);

    SpanData ingest = span("POST /api/v1/telemetry");
    assertThat(ingest.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(400);
    assertThat(ingest.getAttributes().get(AttributeKey.stringKey("sparkplane.reject.reason")))
        .isEqualTo("malformed_json");
    assertThat(exporter.getFinishedSpanItems()).extracting(SpanData::getName).doesNotContain("RunStore.append");
  }

  private SpanData span(String name) {
    return exporter.getFinishedSpanItems().stream()
        .filter(s -> s.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no span " + name + " in " + exporter.getFinishedSpanItems()));
  }
}
