package io.sparkplane.listener.spark35;

import com.fasterxml.jackson.core.type.TypeReference;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sparkplane.wire.TelemetryEvent;
import io.sparkplane.wire.TelemetryJson;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * Stands in for the collector: accepts {@code POST /api/v1/telemetry}, gunzips the body and parses it
 * as a JSON array of {@link TelemetryEvent} with the wire format's own mapper. A body it cannot read
 * is answered 400 and remembered, so a test can assert that none arrived.
 */
final class CollectorStub implements AutoCloseable {

  private static final TypeReference<List<TelemetryEvent>> BATCH = new TypeReference<>() {};

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private final List<TelemetryEvent> events = new CopyOnWriteArrayList<>();
  private final List<String> rejected = new CopyOnWriteArrayList<>();
  private final List<String> traceparents = new CopyOnWriteArrayList<>();
  private final List<byte[]> otlpTraceRequests = new CopyOnWriteArrayList<>();
  private final Object arrived = new Object();

  CollectorStub() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/api/v1/telemetry", this::handle);
    server.createContext("/v1/traces", this::handleOtlp);
    server.setExecutor(executor);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  List<TelemetryEvent> events() {
    return List.copyOf(events);
  }

  /** The {@code traceparent} headers of the telemetry POSTs that had one. */
  List<String> traceparents() {
    return List.copyOf(traceparents);
  }

  /** Bodies of the OTLP/HTTP span exports POSTed to {@code /v1/traces} (this stub is the endpoint too). */
  List<byte[]> otlpTraceRequests() {
    return List.copyOf(otlpTraceRequests);
  }

  List<String> rejected() {
    return List.copyOf(rejected);
  }

  /** Waits until an event matching {@code condition} has arrived; empty after {@code timeout}. */
  Optional<TelemetryEvent> await(Predicate<TelemetryEvent> condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (arrived) {
      while (true) {
        Optional<TelemetryEvent> found = events.stream().filter(condition).findFirst();
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (found.isPresent() || left <= 0) {
          return found;
        }
        arrived.wait(left);
      }
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        respond(exchange, 405, "POST only");
        return;
      }
      String traceparent = exchange.getRequestHeaders().getFirst("traceparent");
      if (traceparent != null) {
        traceparents.add(traceparent);
      }
      List<TelemetryEvent> batch;
      try (InputStream body = body(exchange)) {
        batch = TelemetryJson.mapper().readValue(body, BATCH);
      } catch (IOException | RuntimeException e) {
        rejected.add(e.toString());
        respond(exchange, 400, e.toString());
        return;
      }
      events.addAll(batch);
      synchronized (arrived) {
        arrived.notifyAll();
      }
      respond(exchange, 200, "{}");
    }
  }

  private void handleOtlp(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      if ("POST".equals(exchange.getRequestMethod())
          && "application/x-protobuf".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
        otlpTraceRequests.add(body);
      }
      exchange.sendResponseHeaders(200, -1);
    }
  }

  private static InputStream body(HttpExchange exchange) throws IOException {
    String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
    InputStream raw = exchange.getRequestBody();
    return "gzip".equalsIgnoreCase(encoding) ? new GZIPInputStream(raw) : raw;
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
