package io.sparkplane.alerting.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A server binary started on loopback for a test, with its output in a log file. */
public final class ServerProcess implements AutoCloseable {

  private final Process process;
  private final Path log;
  private final URI base;

  private ServerProcess(Process process, Path log, URI base) {
    this.process = process;
    this.log = log;
    this.base = base;
  }

  /**
   * Prometheus ({@code binary}) with {@code config} on a free loopback port, its data and log in
   * {@code dir}, once {@code /-/ready} answers.
   */
  public static ServerProcess prometheus(Path binary, Path config, Path dir) throws IOException, InterruptedException {
    int port = PrometheusTools.freePort();
    return start(
        List.of(
            binary.toString(),
            "--config.file=" + config,
            "--storage.tsdb.path=" + dir.resolve("tsdb"),
            "--web.listen-address=127.0.0.1:" + port),
        dir.resolve("prometheus.log"),
        URI.create("http://127.0.0.1:" + port),
        "/-/ready",
        Duration.ofSeconds(60));
  }

  /**
   * Alertmanager ({@code binary}) with {@code config} on a free loopback port, without clustering,
   * its data and log in {@code dir}, once {@code /-/ready} answers.
   */
  public static ServerProcess alertmanager(Path binary, Path config, Path dir) throws IOException, InterruptedException {
    int port = PrometheusTools.freePort();
    return start(
        List.of(
            binary.toString(),
            "--config.file=" + config,
            "--storage.path=" + dir.resolve("data"),
            "--web.listen-address=127.0.0.1:" + port,
            "--cluster.listen-address="),
        dir.resolve("alertmanager.log"),
        URI.create("http://127.0.0.1:" + port),
        "/-/ready",
        Duration.ofSeconds(30));
  }

  /** Starts {@code command} and waits until {@code base + readyPath} answers 200. */
  public static ServerProcess start(List<String> command, Path log, URI base, String readyPath, Duration timeout)
      throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    ServerProcess server = new ServerProcess(process, log, base);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(command.get(0) + " exited " + process.exitValue() + ":\n" + server.logText());
      }
      try {
        HttpResponse<String> r =
            http.send(HttpRequest.newBuilder(base.resolve(readyPath)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return server;
        }
      } catch (IOException e) {
        // not listening yet: poll again
      }
      Thread.sleep(100);
    }
    server.close();
    throw new IllegalStateException(command.get(0) + " not ready within " + timeout + ":\n" + server.logText());
  }

  public URI base() {
    return base;
  }

  public String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
