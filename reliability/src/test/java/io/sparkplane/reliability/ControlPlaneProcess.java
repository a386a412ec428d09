package io.sparkplane.reliability;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code sparkplane server} in its own JVM, started the way {@code bin/sparkplane} starts it (same
 * main class, this test's classpath), so a test can {@code kill -9} it and start it again on the
 * same port and data directory.
 */
final class ControlPlaneProcess implements AutoCloseable {

  private static final Duration READY = Duration.ofSeconds(90);

  private final int port;
  private final Path dataDir;
  private final Path log;
  private final List<String> extraArgs;
  private Process process;

  ControlPlaneProcess(int port, Path dataDir, Path log, List<String> extraArgs) {
    this.port = port;
    this.dataDir = dataDir;
    this.log = log;
    this.extraArgs = List.copyOf(extraArgs);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  /** Starts the server and waits until {@code /health/ready} answers 200. */
  ControlPlaneProcess start() throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx512m");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("io.sparkplane.server.SparkplaneCli");
    cmd.add("server");
    cmd.add("--host");
    cmd.add("127.0.0.1");
    cmd.add("--port");
    cmd.add(Integer.toString(port));
    cmd.add("--data-dir");
    cmd.add(dataDir.toString());
    cmd.addAll(extraArgs);
    Files.createDirectories(log.getParent());
    process =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    awaitReady();
    return this;
  }

  private void awaitReady() throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    long deadline = System.nanoTime() + READY.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "server exited with " + process.exitValue() + " before it was ready; see " + log);
      }
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet: poll again
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("server not ready within " + READY + "; see " + log);
  }

  /** {@code kill -9}: no shutdown hook, no drain, no flush. */
  void killHard() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("server " + process.pid() + " survived SIGKILL");
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy(); // SIGTERM: the server drains and closes its store
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        killHard();
      }
    }
  }
}
