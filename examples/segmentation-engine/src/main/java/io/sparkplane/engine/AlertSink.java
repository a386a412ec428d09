package io.sparkplane.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.sparkplane.engine.internal.ControlPlaneHttp;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A local webhook receiver for the alerting notifier ({@code type: webhook}): keeps every JSON body
 * POSTed to {@code /alerts} and answers 204.
 *
 * <pre>{@code
 * try (AlertSink sink = AlertSink.start()) {
 *   // notifiers: [{type: webhook, url: sink.url()}]
 *   Optional<JsonNode> page = sink.await(n -> n.path("alert").path("tenant").asText().equals("initech"), Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public final class AlertSink implements AutoCloseable {

  private final HttpServer server;
  private final List<JsonNode> received = new CopyOnWriteArrayList<>();

  private AlertSink(HttpServer server) {
    this.server = server;
  }

  public static AlertSink start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    AlertSink sink = new AlertSink(server);
    server.createContext(
        "/alerts",
        exchange -> {
          try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(1 << 20);
            try {
              sink.received.add(ControlPlaneHttp.json().readTree(body));
              exchange.sendResponseHeaders(204, -1);
            } catch (IOException e) {
              exchange.sendResponseHeaders(400, -1);
            }
          }
        });
    server.start();
    return sink;
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/alerts");
  }

  public List<JsonNode> received() {
    return List.copyOf(received);
  }

  /** The first notification matching {@code p}, waiting up to {@code timeout}. */
  public Optional<JsonNode> await(Predicate<JsonNode> p, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    do {
      for (JsonNode n : received) {
        if (p.test(n)) {
          return Optional.of(n);
        }
      }
      Thread.sleep(200);
    } while (System.nanoTime() < end);
    return Optional.empty();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
