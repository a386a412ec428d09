package io.sparkplane.alerting.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the Prometheus tools (Debian packages {@code prometheus}, {@code prometheus-alertmanager};
 * {@code .ci/setup-prometheus.sh} installs them). Outside CI a missing tool skips the test with a
 * message; in CI ({@code CI=true}) it fails it, as CI must run these tests.
 */
public final class PrometheusTools {

  private PrometheusTools() {}

  public static Path require(String tool) {
    Optional<Path> found = which(tool);
    if (found.isEmpty()) {
      String message =
          tool + " is not on the PATH: install it with .ci/setup-prometheus.sh (apt-get install prometheus prometheus-alertmanager)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(message);
      }
      Assumptions.abort(message);
    }
    return found.get();
  }

  /** The repository's prometheus/ folder (rules, tests, Alertmanager example). */
  public static Path rulesDir() {
    String dir = System.getProperty("sparkplane.prometheus.dir");
    Path path = dir != null ? Path.of(dir) : Path.of("..", "prometheus");
    if (!Files.isDirectory(path)) {
      fail("prometheus rules folder not found at " + path.toAbsolutePath());
    }
    return path.toAbsolutePath().normalize();
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    }
  }

  private static Optional<Path> which(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, tool);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
