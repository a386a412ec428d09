package io.sparkplane.bench.overhead;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Starts {@link OverheadRun} in a fresh JVM with this JVM's classpath and the Java 17 flags Spark
 * needs (the parent POM's {@code spark.java17.opens}), and reads back its {@link RunSample}.
 */
final class ChildJvm {

  private final String heap;
  private final Path logDir;
  private final long timeoutMinutes;

  ChildJvm(String heap, Path logDir, long timeoutMinutes) {
    this.heap = heap;
    this.logDir = logDir;
    this.timeoutMinutes = timeoutMinutes;
  }

  RunSample run(String name, List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    command.add("-XX:+ExitOnOutOfMemoryError");
    command.addAll(java17Opens());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(OverheadRun.class.getName());
    command.addAll(args);
    Path log = logDir.resolve(name + ".log");
    Path out = logDir.resolve(name + ".out");
    Process process =
        new ProcessBuilder(command).redirectError(log.toFile()).redirectOutput(out.toFile()).start();
    if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException(name + " timed out after " + timeoutMinutes + " min; see " + log);
    }
    return Files.readString(out, StandardCharsets.UTF_8)
        .lines()
        .filter(l -> l.startsWith(RunSample.PREFIX))
        .findFirst()
        .map(RunSample::parse)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    name + " exited " + process.exitValue() + " without a result; see " + log));
  }

  static List<String> java17Opens() {
    Properties p = new Properties();
    try (InputStream in = ChildJvm.class.getResourceAsStream("/io/sparkplane/bench/bench.properties")) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Arrays.stream(p.getProperty("spark.java17.opens").trim().split("\\s+")).toList();
  }

  /** {@code target/overhead-logs} of the bench module, wherever the harness was started from. */
  static Path logDir() throws IOException {
    try {
      Path classes = Path.of(ChildJvm.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return Files.createDirectories(classes.getParent().resolve("overhead-logs"));
    } catch (java.net.URISyntaxException e) {
      throw new IOException(e);
    }
  }
}
