package io.sparkplane.triage;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.sparkplane.collector.CollectorConfig;
import io.sparkplane.collector.CollectorServer;
import io.sparkplane.collector.auth.TenantScope;
import io.sparkplane.collector.store.StoredRun;
import io.sparkplane.collector.tracing.CollectorTracing;
import io.sparkplane.triage.corpus.Corpus;
import io.sparkplane.wire.RunIdentity;
import io.sparkplane.wire.TelemetryEvent;
import io.sparkplane.wire.TelemetryJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The triage of a traced run, in a real collector whose spans are kept in memory. */
@DisplayName("Triage tracing in a real collector")
class TriageTracingIT {

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String RUN_SPAN_ID = "00f067aa0ba902b7";
  private static final String TRACEPARENT = "00-" + TRACE_ID + "-" + RUN_SPAN_ID + "-01";

  @TempDir Path dir;
  private final List<SpanData> spans = new CopyOnWriteArrayList<>();
  private OpenTelemetrySdk sdk;
  private CollectorServer server;
  private String base;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(new ListExporter())).build())
            .build();
    server =
        CollectorServer.builder(CollectorConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(dir))
            .authenticator(token -> "acme-token".equals(token) ? Optional.of(TenantScope.of("acme")) : Optional.empty())
            .tracing(CollectorTracing.of(sdk))
            .extension(
                new TriageExtension(TriageSettings.defaults(), TriageMeterSettings.defaults(), TriageTracing.of(sdk)))
            .build();
    base = "http://127.0.0.1:" + server.start();
  }

  @AfterEach
  void stop() {
    server.close();
    sdk.close();
  }

  @Test
  @DisplayName("a failed run whose summary carries a traceparent is triaged in a span of that trace, under its run span")
  void triageSpanJoinsRunTrace() throws Exception {
    send(failedRun(), "traced-run", TRACEPARENT);

    SpanData triage = await(TriageTracing.SPAN_NAME);
    assertThat(triage.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(triage.getParentSpanId()).isEqualTo(RUN_SPAN_ID);
    assertThat(triage.getAttributes().get(AttributeKey.stringKey("sparkplane.run.id"))).isEqualTo("traced-run");
    assertThat(triage.getAttributes().get(AttributeKey.stringKey("sparkplane.triage.class")))
        .isEqualTo("RESULT_SIZE_EXCEEDED");
    SpanData verdictWrite = await("RunStore.putAttachment");
    assertThat(verdictWrite.getParentSpanId()).as("the verdict's store write").isEqualTo(triage.getSpanId());
    SpanData ingest = await("POST /api/v1/telemetry");
    assertThat(ingest.getTraceId()).as("the listener's ingest POST carried the same traceparent").isEqualTo(TRACE_ID);
  }

  @Test
  @DisplayName("a run without a trace context is triaged without a span")
  void untracedRunHasNoTriageSpan() throws Exception {
    send(failedRun(), "untraced-run", null);

    await("RunStore.putAttachment");
    assertThat(spans).extracting(SpanData::getName).doesNotContain(TriageTracing.SPAN_NAME);
  }

  private static StoredRun failedRun() {
    return Corpus.load().stream()
        .filter(c -> c.name().equals("result-size-collect-wide-rows"))
        .findFirst()
        .orElseThrow()
        .run();
  }

  private void send(StoredRun run, String runId, String traceparent) throws Exception {
    RunIdentity i = run.identity();
    RunIdentity id =
        new RunIdentity(runId, "acme", i.region(), i.workload(), i.attempt(), i.appId(), i.appName(), i.slaDeadlineMs());
    var summary = traceparent == null ? run.summary() : run.summary().withTraceparent(traceparent);
    TelemetryEvent finished = TelemetryEvent.finished(id, summary.timing().endTimeMs(), summary);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + "/api/v1/telemetry"))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer acme-token")
            .POST(HttpRequest.BodyPublishers.ofString(TelemetryJson.toJson(List.of(finished))));
    if (traceparent != null) {
      request.header("traceparent", traceparent);
    }
    HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  private SpanData await(String name) throws InterruptedException {
    long until = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < until) {
      Optional<SpanData> found = spans.stream().filter(s -> s.getName().equals(name)).findFirst();
      if (found.isPresent()) {
        return found.get();
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no span " + name + " in " + spans);
  }

  /** Keeps finished spans in {@link #spans}. */
  private final class ListExporter implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> batch) {
      spans.addAll(batch);
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
