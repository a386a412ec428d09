package io.sparkplane.listener.ship;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.sparkplane.wire.RunIdentity;
import io.sparkplane.wire.RunStatus;
import io.sparkplane.wire.RunSummary;
import io.sparkplane.wire.TelemetryEvent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The ingest POST's trace context")
class HttpTelemetryTransportTraceTest {

  private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  @Test
  @DisplayName("carries the traceparent of the run summary in the batch, and none for a batch without one")
  void traceparentHeader() throws Exception {
    List<String> headers = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        HttpTelemetryTransport.PATH,
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          String h = exchange.getRequestHeaders().getFirst("traceparent");
          headers.add(h == null ? "none" : h);
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
    try {
      HttpTelemetryTransport transport =
          new HttpTelemetryTransport(
              "http://127.0.0.1:" + server.getAddress().getPort(), null, Duration.ofSeconds(5));

      transport.send(List.of(TestEvents.heartbeat("a"), finished("a", TRACEPARENT)), Duration.ofSeconds(5));
      transport.send(List.of(TestEvents.runEvent("b"), finished("b", null)), Duration.ofSeconds(5));

      assertThat(headers).containsExactly(TRACEPARENT, "none");
    } finally {
      server.stop(0);
    }
  }

  private static TelemetryEvent finished(String runId, String traceparent) {
    RunSummary summary =
        new RunSummary(
            RunStatus.SUCCEEDED, null, null, null, null, null, List.of(), 0, null, List.of(), null, null, traceparent);
    return TelemetryEvent.finished(
        new RunIdentity(runId, RunIdentity.DEFAULT_TENANT, null, null, 1, null, null, null), 3L, summary);
  }
}
