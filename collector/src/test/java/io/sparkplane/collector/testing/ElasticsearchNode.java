package io.sparkplane.collector.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A single-node Elasticsearch for tests and benchmarks, started from the integ-test zip of Maven
 * Central on a free loopback port with security off.
 *
 * <p>Elasticsearch refuses to run as root. When this JVM runs as root the node runs as the
 * unprivileged user {@value #USER}, created with {@code useradd} if missing (CI's
 * {@code .ci/setup-elasticsearch.sh} creates it up front), via {@code runuser}.
 *
 * <pre>{@code
 * ElasticsearchNode node = ElasticsearchNode.shared(); // one per JVM, stopped at exit
 * String url = node.url();
 * }</pre>
 *
 * <p>Settings (system properties): {@code sparkplane.es.zip} the distribution zip (default: the
 * local Maven repository's copy), {@code sparkplane.es.home} where it is unpacked (default {@code
 * target/elasticsearch}).
 */
public final class ElasticsearchNode implements AutoCloseable {

  /** Unprivileged account the node runs as when the tests run as root. */
  public static final String USER = "sparkplane-es";

  public static final String VERSION = "8.19.7";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private static ElasticsearchNode shared;

  private final Path distribution;
  private final Path nodeDir;
  private final int port;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private Process launcher;

  private ElasticsearchNode(Path distribution, Path nodeDir, int port) {
    this.distribution = distribution;
    this.nodeDir = nodeDir;
    this.port = port;
  }

  /** The node of this JVM, started on first use and stopped when the JVM exits. */
  public static synchronized ElasticsearchNode shared() {
    if (shared == null) {
      ElasticsearchNode node = create();
      node.start();
      Runtime.getRuntime().addShutdownHook(new Thread(node::close, "sparkplane-es-stop"));
      shared = node;
    }
    return shared;
  }

  /** A new, stopped node with its own data directory. */
  public static ElasticsearchNode create() {
    try {
      Path home = Path.of(System.getProperty("sparkplane.es.home", "target/elasticsearch")).toAbsolutePath();
      if (isRoot() && !traversableByOthers(home)) {
        // the unprivileged user could not reach the build directory (e.g. a clone below /root)
        home = Path.of(System.getProperty("java.io.tmpdir"), "sparkplane-elasticsearch");
      }
      Path distribution = unpack(zip(), home.toAbsolutePath());
      Path nodeDir =
          Files.createDirectories(
              home.toAbsolutePath().resolve("node-" + ProcessHandle.current().pid() + "-" + System.nanoTime()));
      int port = freePort();
      configure(distribution, nodeDir, port);
      if (isRoot()) {
        ensureUser();
        run("chown", "-R", USER + ":" + USER, distribution.toString(), nodeDir.toString());
      }
      return new ElasticsearchNode(distribution, nodeDir, port);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare Elasticsearch", e);
    }
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** Starts the node (again, with the same data) and waits until it answers cluster health. */
  public synchronized void start() {
    if (launcher != null && launcher.isAlive()) {
      return;
    }
    List<String> command = new ArrayList<>();
    if (isRoot()) {
      command.addAll(List.of("runuser", "-u", USER, "--"));
    }
    command.addAll(
        List.of(
            "env",
            "ES_JAVA_HOME=" + System.getProperty("java.home"),
            "ES_JAVA_OPTS=-Xms512m -Xmx512m",
            "ES_PATH_CONF=" + nodeDir.resolve("config"),
            "ES_TMPDIR=" + nodeDir.resolve("tmp"),
            distribution.resolve("bin/elasticsearch").toString(),
            "-p",
            nodeDir.resolve("es.pid").toString()));
    try {
      launcher =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(nodeDir.resolve("console.log").toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start Elasticsearch", e);
    }
    awaitHealthy();
  }

  /** Stops the node's processes, keeping its data for {@link #start()}. */
  public synchronized void stop() {
    if (launcher == null) {
      return;
    }
    List<ProcessHandle> tree = new ArrayList<>(launcher.descendants().toList());
    tree.add(launcher.toHandle());
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
    for (ProcessHandle process : tree) {
      try {
        process.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (Exception e) {
        process.destroyForcibly();
      }
    }
    launcher = null;
    Path pidFile = nodeDir.resolve("es.pid");
    try {
      Files.deleteIfExists(pidFile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Freezes (SIGSTOP) or thaws (SIGCONT) the server JVM, to make the node hang like an overloaded
   * one: connections are accepted by the kernel but nothing answers.
   */
  public void freeze(boolean frozen) {
    Optional<Long> server = serverPid();
    if (server.isEmpty() && !frozen) {
      return;
    }
    long pid = server.orElseThrow(() -> new IllegalStateException("node is not running"));
    run("kill", frozen ? "-STOP" : "-CONT", Long.toString(pid));
  }

  private Optional<Long> serverPid() {
    try {
      Path pidFile = nodeDir.resolve("es.pid");
      return Files.exists(pidFile)
          ? Optional.of(Long.parseLong(Files.readString(pidFile).trim()))
          : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public boolean isHealthy() {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(url() + "/_cluster/health"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 && !response.body().contains("\"status\":\"red\"");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void awaitHealthy() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (isHealthy()) {
        return;
      }
      if (!launcher.isAlive()) {
        throw new IllegalStateException(
            "Elasticsearch exited with " + launcher.exitValue() + "; see " + nodeDir.resolve("console.log"));
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for Elasticsearch", e);
      }
    }
    stop();
    throw new IllegalStateException(
        "Elasticsearch did not become healthy within " + START_TIMEOUT + "; see " + nodeDir.resolve("console.log"));
  }

  @Override
  public void close() {
    stop();
  }

  private static Path zip() {
    String configured = System.getProperty("sparkplane.es.zip");
    Path zip =
        configured != null && !configured.isBlank() && !configured.startsWith("${")
            ? Path.of(configured)
            : Path.of(
                System.getProperty("user.home"),
                ".m2/repository/org/elasticsearch/distribution/integ-test-zip/elasticsearch",
                VERSION,
                "elasticsearch-" + VERSION + ".zip");
    if (!Files.isRegularFile(zip)) {
      throw new IllegalStateException(
          "Elasticsearch zip not found at " + zip + "; build the collector module once (mvn -pl collector"
              + " verify) so Maven downloads it, or set -Dsparkplane.es.zip");
    }
    return zip;
  }

  /** Unpacks the zip below {@code home} once; its single top directory is the distribution. */
  private static Path unpack(Path zip, Path home) throws IOException {
    Path target = home.resolve("elasticsearch-" + VERSION);
    if (Files.isRegularFile(target.resolve("bin/elasticsearch"))) {
      return target;
    }
    Path partial = Files.createDirectories(home).resolve("unpacking-" + System.nanoTime());
    try (ZipFile file = new ZipFile(zip.toFile())) {
      Enumeration<? extends ZipEntry> entries = file.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        Path out = partial.resolve(entry.getName()).normalize();
        if (!out.startsWith(partial)) {
          throw new IOException("zip entry outside the target: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(out);
        } else {
          Files.createDirectories(out.getParent());
          try (InputStream in = file.getInputStream(entry)) {
            Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    }
    Path top;
    try (Stream<Path> children = Files.list(partial)) {
      top = children.findFirst().orElseThrow(() -> new IOException("empty zip " + zip));
    }
    // java.util.zip drops the executable bits
    for (String dir : List.of("bin", "lib/tools", "modules")) {
      Path d = top.resolve(dir);
      if (Files.isDirectory(d)) {
        try (Stream<Path> files = Files.walk(d)) {
          files.filter(Files::isRegularFile)
              .filter(p -> p.startsWith(top.resolve("bin")) || p.toString().contains("/platform/"))
              .forEach(p -> p.toFile().setExecutable(true, false));
        }
      }
    }
    try {
      Files.move(top, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      if (!Files.isRegularFile(target.resolve("bin/elasticsearch"))) {
        throw e;
      }
      // another JVM unpacked it at the same time
    }
    deleteTree(partial);
    return target;
  }

  private static void configure(Path distribution, Path nodeDir, int port) throws IOException {
    Path config = Files.createDirectories(nodeDir.resolve("config"));
    try (Stream<Path> files = Files.list(distribution.resolve("config"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Files.copy(f, config.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Files.createDirectories(nodeDir.resolve("data"));
    Files.createDirectories(nodeDir.resolve("logs"));
    Files.createDirectories(nodeDir.resolve("tmp"));
    Files.writeString(
        config.resolve("elasticsearch.yml"),
        String.join(
            "\n",
            "cluster.name: sparkplane-test",
            "node.name: sparkplane-test-node",
            "discovery.type: single-node",
            "network.host: 127.0.0.1",
            "http.port: " + port,
            "path.data: " + nodeDir.resolve("data"),
            "path.logs: " + nodeDir.resolve("logs"),
            "xpack.security.enabled: false",
            // a busy shared disk must not make the node refuse writes
            "cluster.routing.allocation.disk.threshold_enabled: false",
            "action.destructive_requires_name: false",
            ""));
  }

  private static boolean traversableByOthers(Path dir) {
    for (Path p = dir.getParent(); p != null; p = p.getParent()) {
      try {
        if (Files.exists(p)
            && !Files.getPosixFilePermissions(p).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
          return false;
        }
      } catch (IOException | UnsupportedOperationException e) {
        return false;
      }
    }
    return true;
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static void ensureUser() {
    ProcessResult id = exec("id", "-u", USER);
    if (id.exitCode() != 0) {
      ProcessResult add = exec("useradd", "--system", "--create-home", "--shell", "/usr/sbin/nologin", USER);
      // a concurrent JVM may have created it in between
      if (add.exitCode() != 0 && exec("id", "-u", USER).exitCode() != 0) {
        throw new IllegalStateException("cannot create user " + USER + ": " + add.output());
      }
    }
  }

  private static void run(String... command) {
    ProcessResult result = exec(command);
    if (result.exitCode() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + result.output());
    }
  }

  private record ProcessResult(int exitCode, String output) {}

  private static ProcessResult exec(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " timed out");
      }
      return new ProcessResult(p.exitValue(), out.trim());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "ElasticsearchNode[%s, %s]", url(), nodeDir);
  }
}
