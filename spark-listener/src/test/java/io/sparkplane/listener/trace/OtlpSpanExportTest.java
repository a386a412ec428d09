package io.sparkplane.listener.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.listener.ListenerSettings;
import io.sparkplane.listener.ListenerSettings.OtelSettings;
import io.sparkplane.wire.RunIdentity;
import io.sparkplane.wire.RunStatus;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("OTLP export of the listener's spans")
class OtlpSpanExportTest {

  private static final RunIdentity RUN =
      new RunIdentity("run-1", "acme", null, "nightly", 1, "app-1", "app", null);

  @Test
  @DisplayName("spans reach an OTLP/HTTP receiver at <endpoint>/v1/traces as protobuf, flushed at close")
  void exportsToReceiver() throws Exception {
    try (OtlpReceiver receiver = new OtlpReceiver()) {
      OtlpSpanExport export =
          OtlpSpanExport.start(new OtelSettings(receiver.endpoint(), "nightly-etl", 64, Duration.ofSeconds(5)));
      RunTracing tracing = RunTracing.traced(export.tracer(), (where, e) -> { throw new AssertionError(where, e); });
      tracing.jobStarted(RUN, 1_000L, new Properties());
      tracing.stageSubmitted(RUN, 1_000L, 0, 0, 1_100L);
      String traceparent = tracing.runFinished(RUN, 1_000L, RunStatus.SUCCEEDED, null, 2_000L);

      export.close(Duration.ofSeconds(10));

      assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
      assertThat(receiver.requests()).isNotEmpty();
      assertThat(receiver.requests())
          .extracting(OtlpReceiver.Request::contentType)
          .containsOnly("application/x-protobuf");
      // a batch may leave before the run span ends: read every export
      String body =
          receiver.requests().stream()
              .map(r -> new String(r.body(), StandardCharsets.ISO_8859_1))
              .collect(java.util.stream.Collectors.joining());
      assertThat(body).contains("spark.run", "spark.stage", "nightly-etl", "run-1");
    }
  }

  @Test
  @DisplayName("an unreachable receiver costs at most the timeout at close and throws nothing")
  void unreachableReceiver() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    OtlpSpanExport export =
        OtlpSpanExport.start(new OtelSettings("http://127.0.0.1:" + port, "x", 16, Duration.ofSeconds(1)));
    RunTracing tracing = RunTracing.traced(export.tracer(), (where, e) -> { throw new AssertionError(where, e); });
    for (int i = 0; i < 100; i++) {
      RunIdentity run = new RunIdentity("run-" + i, "acme", null, null, 1, null, null, null);
      tracing.jobStarted(run, 1_000L, new Properties());
      tracing.runFinished(run, 1_000L, RunStatus.SUCCEEDED, null, 2_000L);
    }
    long start = System.nanoTime();
    export.close(Duration.ofSeconds(2));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  @DisplayName("the otel settings come from spark.sparkplane.otel.*, off without an endpoint, and a bad endpoint is refused")
  void settings() {
    OtelSettings off = ListenerSettings.fromConf(Map.of("spark.app.name", "etl")).otel();
    assertThat(off.enabled()).isFalse();
    assertThat(off.serviceName()).isEqualTo("etl");
    assertThat(off.queueSize()).isEqualTo(2048);
    OtelSettings on =
        ListenerSettings.fromConf(
                Map.of(
                    "spark.sparkplane.otel.endpoint", "http://otel:4318",
                    "spark.sparkplane.otel.serviceName", "etl-driver",
                    "spark.sparkplane.otel.queueSize", "100",
                    "spark.sparkplane.otel.timeout", "3s"))
            .otel();
    assertThat(on).isEqualTo(new OtelSettings("http://otel:4318", "etl-driver", 100, Duration.ofSeconds(3)));
    assertThatThrownBy(() -> OtlpSpanExport.start(new OtelSettings("otel:4318", "x", 16, Duration.ofSeconds(1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spark.sparkplane.otel.endpoint");
  }

  @Test
  @DisplayName("only well-formed W3C traceparents with non-zero ids are taken from jobs")
  void validTraceparents() {
    assertThat(RunTracing.valid(" 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01 "))
        .isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    assertThat(RunTracing.valid("00-00000000000000000000000000000000-00f067aa0ba902b7-01")).isNull();
    assertThat(RunTracing.valid("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")).isNull();
    assertThat(RunTracing.valid("garbage")).isNull();
    assertThat(RunTracing.valid(null)).isNull();
  }
}
