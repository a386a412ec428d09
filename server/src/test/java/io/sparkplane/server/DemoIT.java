package io.sparkplane.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.wire.TelemetryJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main command, as a user runs it: {@code bin/sparkplane demo --exit} on the build
 * just made. The scenario checks each step through the server's API (run status, triage verdict,
 * retry decision, alerts, estimate) and reports them; this test holds every step to it.
 */
@DisplayName("bin/sparkplane demo --exit")
class DemoIT {

  @TempDir Path work;

  @Test
  @DisplayName("runs the closed loop and every step shows what it should, within 5 minutes")
  void demo() throws Exception {
    Path home = Path.of(System.getProperty("sparkplane.home", "..")).toAbsolutePath().normalize();
    Path report = work.resolve("demo-report.json");
    List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/sparkplane").toString(), "demo", "--exit",
        "--port", "0", "--data-dir", work.resolve("data").toString(), "--report", report.toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true)
        .redirectOutput(work.resolve("demo.log").toFile());
    pb.environment().put("SPARKPLANE_SKIP_BUILD", "1"); // the build under test is the one just made
    Process demo = pb.start();
    boolean done = demo.waitFor(6, TimeUnit.MINUTES);
    if (!done) {
      demo.destroyForcibly();
    }
    String log = Files.readString(work.resolve("demo.log"));
    assertThat(done).as("demo finished in time; log:%n%s", log).isTrue();
    assertThat(demo.exitValue()).as("exit code; log:%n%s", log).isZero();

    JsonNode result = TelemetryJson.mapper().readTree(Files.readString(report));
    assertThat(result.path("ok").asBoolean()).isTrue();
    assertThat(result.path("runtimeMs").asLong()).isLessThan(5 * 60_000);
    List<String> steps = new ArrayList<>();
    for (JsonNode step : result.path("steps")) {
      steps.add(step.path("name").asText());
      assertThat(step.path("ok").asBoolean()).as("step %s: %s", step.path("name"), step.path("shows")).isTrue();
    }
    assertThat(steps).contains("healthy", "skew", "cannot-fit", "cartesian", "oom", "burst", "estimator");
  }
}
