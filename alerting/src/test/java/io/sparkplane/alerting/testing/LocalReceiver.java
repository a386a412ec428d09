package io.sparkplane.alerting.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server on loopback that records every POSTed JSON body and answers with the queued
 * statuses (then 202), standing in for PagerDuty's Events API or a webhook receiver.
 */
public final class LocalReceiver implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  public final List<JsonNode> bodies = new CopyOnWriteArrayList<>();
  public final List<String> contentTypes = new CopyOnWriteArrayList<>();
  private final Deque<Integer> statuses = new ArrayDeque<>();
  private final HttpServer server;

  public LocalReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            bodies.add(JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
          }
          contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
          int status;
          synchronized (statuses) {
            status = statuses.isEmpty() ? 202 : statuses.poll();
          }
          byte[] answer = "{\"status\":\"success\"}".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, answer.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
          }
        });
    server.start();
  }

  /** The next requests are answered with these statuses, in order. */
  public void answer(Integer... next) {
    synchronized (statuses) {
      statuses.addAll(List.of(next));
    }
  }

  public URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  public List<JsonNode> await(int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (bodies.size() < n && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return List.copyOf(bodies);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
