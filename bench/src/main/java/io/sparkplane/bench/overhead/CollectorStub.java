package io.sparkplane.bench.overhead;

import com.fasterxml.jackson.core.type.TypeReference;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sparkplane.wire.EventType;
import io.sparkplane.wire.ListenerStats;
import io.sparkplane.wire.TelemetryEvent;
import io.sparkplane.wire.TelemetryJson;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

/**
 * A tiny collector in the parent JVM: accepts the listener's gzip JSON batches on {@code
 * /api/v1/telemetry}, answers 200, and keeps the listener statistics of each RUN_FINISHED event, so
 * the benchmark can show whether the listener dropped task events under its time budget.
 */
final class CollectorStub implements AutoCloseable {

  private static final TypeReference<List<TelemetryEvent>> BATCH = new TypeReference<>() {};

  private final HttpServer server;
  private final List<ListenerStats> finishedRuns = new ArrayList<>();
  private long requests;
  private long events;
  private long bodyBytes;

  CollectorStub() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/api/v1/telemetry", this::handle);
    server.setExecutor(
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "collector-stub");
              t.setDaemon(true);
              return t;
            }));
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      List<TelemetryEvent> batch = TelemetryJson.mapper().readValue(gunzip(body), BATCH);
      synchronized (this) {
        requests++;
        events += batch.size();
        bodyBytes += body.length;
        for (TelemetryEvent e : batch) {
          if (e.type() == EventType.RUN_FINISHED) {
            finishedRuns.add(e.summary().listener());
          }
        }
      }
      exchange.sendResponseHeaders(200, -1);
    } catch (RuntimeException e) {
      exchange.sendResponseHeaders(400, -1);
    }
  }

  private static InputStream gunzip(byte[] body) throws IOException {
    return new GZIPInputStream(new java.io.ByteArrayInputStream(body));
  }

  synchronized String report() {
    long dropped = finishedRuns.stream().mapToLong(ListenerStats::eventsDropped).sum();
    return String.format(
        "collector stub: %d requests, %d events, %,d gzip bytes; %d RUN_FINISHED, task events dropped by the listener's budget: %d",
        requests, events, bodyBytes, finishedRuns.size(), dropped);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
