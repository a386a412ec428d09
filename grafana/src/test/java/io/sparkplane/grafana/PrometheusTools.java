package io.sparkplane.grafana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds {@code prometheus} and {@code promtool} (Debian package {@code prometheus}, installed by
 * {@code .ci/setup-prometheus.sh}). Outside CI a missing tool skips the test; in CI ({@code CI=true})
 * it fails it.
 */
final class PrometheusTools {

  private PrometheusTools() {}

  static Path require(String tool) {
    Optional<Path> found = which(tool);
    if (found.isEmpty()) {
      String message = tool + " is not on the PATH: install it with .ci/setup-prometheus.sh";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(message);
      }
      Assumptions.abort(message);
    }
    return found.get();
  }

  /** Runs a command to completion and returns its output; fails on a non-zero exit. */
  static String run(Path workDir, List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
    boolean done = p.waitFor(120, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly();
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(done).as("%s finishes", command).isTrue();
    assertThat(p.exitValue()).as("%s exit code; output:%n%s", String.join(" ", command), out).isZero();
    return out;
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
