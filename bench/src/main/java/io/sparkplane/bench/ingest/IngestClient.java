package io.sparkplane.bench.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How the load generator POSTs one gzip body: the same request either way (HTTP/1.1 keep-alive,
 * {@code Content-Type: application/json}, {@code Content-Encoding: gzip}, the same bytes); only the
 * client library and so the load generator's own CPU cost differ.
 *
 * <ul>
 *   <li>{@code jdk}: {@code java.net.http.HttpClient}, what the listener uses (default).
 *   <li>{@code urlconnection}: {@code java.net.HttpURLConnection} with its keep-alive cache, a
 *       lighter client, so that less of the shared machine goes to the load generator.
 * </ul>
 */
interface IngestClient extends AutoCloseable {

  /** A response: status and body. */
  record Response(int status, String body) {}

  Response post(URI endpoint, byte[] gzipBody) throws IOException, InterruptedException;

  @Override
  void close();

  Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
  Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  static IngestClient named(String name, int senders) {
    return switch (name) {
      case "jdk" -> new Jdk();
      case "urlconnection" -> new UrlConnection(senders);
      default -> throw new IllegalArgumentException("--client is jdk or urlconnection, was '" + name + "'");
    };
  }

  /** {@code java.net.http.HttpClient} with a two-thread executor, as the listener's transport. */
  final class Jdk implements IngestClient {
    private final ExecutorService executor;
    private final HttpClient http;

    Jdk() {
      AtomicInteger threads = new AtomicInteger();
      executor =
          Executors.newFixedThreadPool(
              2, r -> new Thread(r, IngestLoad.THREAD_PREFIX + "http-" + threads.incrementAndGet()));
      http =
          HttpClient.newBuilder()
              .connectTimeout(CONNECT_TIMEOUT)
              .version(HttpClient.Version.HTTP_1_1)
              .executor(executor)
              .build();
    }

    @Override
    public Response post(URI endpoint, byte[] gzipBody) throws IOException, InterruptedException {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(endpoint)
                  .timeout(REQUEST_TIMEOUT)
                  .header("Content-Type", "application/json")
                  .header("Content-Encoding", "gzip")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(gzipBody))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body());
    }

    @Override
    public void close() {
      executor.shutdownNow();
    }
  }

  /**
   * {@code java.net.HttpURLConnection}: one keep-alive connection per sender thread, reused from the
   * JDK's keep-alive cache once a response is read to its end.
   */
  final class UrlConnection implements IngestClient {

    UrlConnection(int senders) {
      // idle keep-alive connections kept per destination (default 5): one per sender
      int wanted = Math.max(senders, Integer.getInteger("http.maxConnections", 5));
      System.setProperty("http.maxConnections", String.valueOf(wanted));
    }

    @Override
    public Response post(URI endpoint, byte[] gzipBody) throws IOException {
      HttpURLConnection c = (HttpURLConnection) endpoint.toURL().openConnection();
      c.setRequestMethod("POST");
      c.setDoOutput(true);
      c.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
      c.setReadTimeout((int) REQUEST_TIMEOUT.toMillis());
      c.setFixedLengthStreamingMode(gzipBody.length);
      c.setRequestProperty("Content-Type", "application/json");
      c.setRequestProperty("Content-Encoding", "gzip");
      try (OutputStream out = c.getOutputStream()) {
        out.write(gzipBody);
      }
      int status = c.getResponseCode();
      InputStream stream = status >= 400 ? c.getErrorStream() : c.getInputStream();
      if (stream == null) {
        return new Response(status, "");
      }
      try (InputStream in = stream) {
        return new Response(status, new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }

    @Override
    public void close() {}
  }
}
