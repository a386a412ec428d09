package io.sparkplane.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkplane.wire.EventType;
import io.sparkplane.wire.Heartbeat;
import io.sparkplane.wire.TelemetryEvent;
import io.sparkplane.wire.TelemetryJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A real Spark driver running out of heap")
class EarlyHeartbeatIT {

  @TempDir Path work;

  @Test
  @DisplayName("sends heartbeats with its heap after GC climbing to near max before it dies, though its schedule is 10 minutes")
  void earlyHeartbeatsBeforeDeath() throws Exception {
    Process driver = start("600s");
    boolean exited = driver.waitFor(180, TimeUnit.SECONDS);
    if (!exited) {
      driver.destroyForcibly();
    }
    String log = Files.readString(work.resolve("driver.out")) + Files.readString(work.resolve("driver.err"));
    assertThat(exited).as("the driver dies within 180 s").isTrue();
    assertThat(log).as("driver log").contains("Terminating due to java.lang.OutOfMemoryError");

    List<Heartbeat> beats = heartbeats();
    List<String> fractions = beats.stream().map(EarlyHeartbeatIT::afterGcFraction).toList();
    System.out.println("[early-heartbeats] heap after GC / max in each heartbeat: " + fractions);
    assertThat(beats).as("all early: the 10-minute schedule never fired").isNotEmpty();
    Heartbeat last = beats.get(beats.size() - 1);
    assertThat(last.driverHeapAfterGcBytes()).isNotNull();
    assertThat((double) last.driverHeapAfterGcBytes() / last.driverHeapMaxBytes())
        .as("heap after GC / max in the last heartbeat, " + fractions)
        .isGreaterThanOrEqualTo(0.8);
    assertThat(beats).as("one per 5-point rise from 70%: " + fractions).hasSizeLessThanOrEqualTo(7);
  }

  private static String afterGcFraction(Heartbeat hb) {
    return hb.driverHeapAfterGcBytes() == null
        ? "none"
        : String.format("%.3f", (double) hb.driverHeapAfterGcBytes() / hb.driverHeapMaxBytes());
  }

  private List<Heartbeat> heartbeats() throws IOException {
    List<Heartbeat> out = new ArrayList<>();
    for (String line : Files.readAllLines(work.resolve("driver.out"), StandardCharsets.UTF_8)) {
      if (!line.startsWith("{")) {
        continue;
      }
      try {
        TelemetryEvent event = TelemetryJson.parseEvent(line.getBytes(StandardCharsets.UTF_8));
        if (event.type() == EventType.HEARTBEAT && event.run().runId().equals(OutOfHeapDriver.RUN_ID)) {
          out.add(event.heartbeat());
        }
      } catch (IOException e) {
        // the JVM died mid-line
        if (!line.equals(lastLine())) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return out;
  }

  private String lastLine() throws IOException {
    List<String> lines = Files.readAllLines(work.resolve("driver.out"), StandardCharsets.UTF_8);
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
  }

  private Process start(String heartbeatInterval) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx512m"); // the smallest heap Spark 4 accepts for a driver
    cmd.add("-XX:+ExitOnOutOfMemoryError");
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream().filter(a -> a.startsWith("--add-opens")).forEach(cmd::add);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(OutOfHeapDriver.class.getName());
    cmd.add(heartbeatInterval);
    return new ProcessBuilder(cmd)
        .redirectOutput(work.resolve("driver.out").toFile())
        .redirectError(work.resolve("driver.err").toFile())
        .start();
  }
}
