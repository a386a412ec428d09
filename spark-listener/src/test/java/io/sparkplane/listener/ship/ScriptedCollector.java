package io.sparkplane.listener.ship;

import com.fasterxml.jackson.core.type.TypeReference;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sparkplane.wire.TelemetryEvent;
import io.sparkplane.wire.TelemetryJson;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

/**
 * A collector on loopback whose answers a test scripts: {@link Script} picks the status of each
 * request from its number and batch. It gunzips and parses each body with the wire format's mapper
 * and keeps the events of the requests it acknowledged (2xx), in arrival order.
 */
final class ScriptedCollector implements AutoCloseable {

  /** Decides the status of request number {@code n} (0-based). */
  @FunctionalInterface
  interface Script {
    int status(int n, List<TelemetryEvent> batch) throws InterruptedException;
  }

  private static final TypeReference<List<TelemetryEvent>> BATCH = new TypeReference<>() {};

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Script script;
  private final AtomicInteger requests = new AtomicInteger();
  private final List<TelemetryEvent> acknowledged = new CopyOnWriteArrayList<>();
  private final List<List<TelemetryEvent>> received = new CopyOnWriteArrayList<>();
  private final CountDownLatch firstRequest = new CountDownLatch(1);
  private final Object changed = new Object();

  private ScriptedCollector(int port, Script script) throws IOException {
    this.script = script;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext(HttpTelemetryTransport.PATH, this::handle);
    server.setExecutor(executor);
    server.start();
  }

  static ScriptedCollector start(Script script) throws IOException {
    return new ScriptedCollector(0, script);
  }

  static ScriptedCollector startOn(int port, Script script) throws IOException {
    return new ScriptedCollector(port, script);
  }

  /** A loopback port nothing listens on (a collector that is down). */
  static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  static String urlOf(int port) {
    return "http://127.0.0.1:" + port;
  }

  String url() {
    return urlOf(server.getAddress().getPort());
  }

  int requests() {
    return requests.get();
  }

  /** Every batch that arrived, whatever the answer. */
  List<List<TelemetryEvent>> received() {
    return List.copyOf(received);
  }

  /** Events of the acknowledged requests, in the order they arrived. */
  List<TelemetryEvent> acknowledged() {
    return List.copyOf(acknowledged);
  }

  boolean awaitFirstRequest(long timeout, TimeUnit unit) throws InterruptedException {
    return firstRequest.await(timeout, unit);
  }

  /** Waits until at least {@code count} events were acknowledged; false after the timeout. */
  boolean awaitAcknowledged(int count, long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    synchronized (changed) {
      while (acknowledged.size() < count) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          return false;
        }
        changed.wait(left);
      }
      return true;
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      int n = requests.getAndIncrement();
      List<TelemetryEvent> batch;
      try (InputStream body = new GZIPInputStream(exchange.getRequestBody())) {
        batch = TelemetryJson.mapper().readValue(body, BATCH);
      }
      received.add(batch);
      firstRequest.countDown();
      int status;
      try {
        status = script.status(n, batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        status = 503;
      }
      if (status / 100 == 2) {
        acknowledged.addAll(batch);
      }
      byte[] answer = ("{\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, answer.length);
      exchange.getResponseBody().write(answer);
    } finally {
      synchronized (changed) {
        changed.notifyAll();
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
