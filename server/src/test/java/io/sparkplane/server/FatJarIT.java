package io.sparkplane.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sparkplane-server-<version>-all.jar} as an operator runs it: {@code java -jar} with no
 * class path and no JVM flags, as a separate process.
 */
@DisplayName("java -jar sparkplane-server-<version>-all.jar")
class FatJarIT {

  private static final Pattern BANNER = Pattern.compile("control plane on (https?://localhost:\\d+)");

  @TempDir Path work;

  private Path jar;

  /** A copy of the jar the package phase made: a concurrent rebuild rewrites the original in place. */
  private Path jar() throws IOException {
    if (jar == null) {
      Path built = Path.of(System.getProperty("sparkplane.server.jar", "target/missing-all.jar"));
      assertThat(built).as("the package phase builds the runnable jar").isRegularFile();
      jar = Files.copy(built, work.resolve(built.getFileName()));
    }
    return jar;
  }

  private record Result(int exit, String out) {}

  private Result run(String... args) throws IOException, InterruptedException {
    Process p = start(work.resolve("cmd-" + System.nanoTime() + ".log"), args);
    boolean done = p.waitFor(3, TimeUnit.MINUTES);
    if (!done) {
      p.destroyForcibly();
    }
    String out = Files.readString(logOf(p), StandardCharsets.UTF_8);
    assertThat(done).as("finished in time: %s", out).isTrue();
    return new Result(p.exitValue(), out);
  }

  private final java.util.Map<Process, Path> logs = new java.util.HashMap<>();

  private Path logOf(Process p) {
    return logs.get(p);
  }

  private Process start(Path log, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx768m");
    cmd.add("-jar");
    cmd.add(jar().toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("SPARKPLANE_"));
    Process p = pb.start();
    logs.put(p, log);
    return p;
  }

  @Test
  @DisplayName("--help lists every command")
  void help() throws Exception {
    Result help = run("--help");
    assertThat(help.exit()).as(help.out()).isZero();
    for (String command : List.of("server", "replay", "train", "demo", "runs", "run", "alerts", "model", "tenants")) {
      assertThat(help.out()).containsPattern("(?m)^  " + command + " ");
    }
  }

  @Test
  @DisplayName("serves with a config file, takes a replayed Spark event log, lists it through 'runs', and stops gracefully")
  void serverReplayRuns() throws Exception {
    Path config = work.resolve("sparkplane.yaml");
    Files.writeString(
        config,
        "server:\n  host: 127.0.0.1\n  port: 0\n  dataDir: " + work.resolve("data") + "\n"
            + "estimator:\n  enabled: false\n");
    Path serverLog = work.resolve("server.log");
    Process server = start(serverLog, "server", "--config", config.toString());
    try {
      String url = awaitBanner(server, serverLog);

      Path eventLog = Path.of(System.getProperty("sparkplane.home", ".."), "examples", "eventlogs", "sparklint_event_log_1");
      Result replay = run("replay", "--collector", url, "--tenant", "acme", eventLog.toAbsolutePath().toString());
      assertThat(replay.exit()).as(replay.out()).isZero();

      Result runs = run("runs", "--url", url, "--tenant", "acme");
      assertThat(runs.exit()).as(runs.out()).isZero();
      assertThat(runs.out()).contains("application_1472176676028_116806-1").contains("CANCELLED");

      server.destroy(); // SIGTERM: the shutdown hook drains and closes the store
      assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("stopped within the drain timeout").isTrue();
      assertThat(Files.readString(serverLog)).contains("H2 run store at").contains("closed");
    } finally {
      server.destroyForcibly();
    }
  }

  private static String awaitBanner(Process server, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      String text = Files.readString(log);
      Matcher m = BANNER.matcher(text);
      if (m.find()) {
        return m.group(1).replace("localhost", "127.0.0.1");
      }
      assertThat(server.isAlive()).as("server running; log:%n%s", text).isTrue();
      Thread.sleep(200);
    }
    throw new AssertionError("no start-up banner within 120 s:\n" + Files.readString(log));
  }
}
