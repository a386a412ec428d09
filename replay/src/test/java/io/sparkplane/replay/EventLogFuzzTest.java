package io.sparkplane.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import io.sparkplane.collector.testing.Fuzz;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Event logs cut off or corrupted anywhere: replay either succeeds (a cut-off last line is dropped and
 * the log marked truncated) or fails with a {@link ReplayException} naming the file and the line,
 * never with another exception. Cases per property: {@value #DEFAULT_EXAMPLES}, or {@code
 * -Dsparkplane.fuzz.examples=N}.
 */
@DisplayName("Event logs under fuzzed damage")
class EventLogFuzzTest {

  static final int DEFAULT_EXAMPLES = 150;
  /** Every case replays a log through Spark: shrink a failure in fewer, costly steps. */
  private static final Fuzz FUZZ = Fuzz.surface("event logs", DEFAULT_EXAMPLES).withShrinkCycles(30);

  @TempDir Path dir;
  private byte[] original;
  private List<String> lines;
  private final EventLogReplayer replayer = new EventLogReplayer(ReplayOptions.NONE);

  @BeforeEach
  void copyLog() throws Exception {
    original = Files.readAllBytes(SparkTestData.sparkEventLog("local-1422981780767", dir.resolve("source")));
    lines = new String(original, StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  @DisplayName("A log cut off at any byte after its first line replays, marked truncated when cut mid-line")
  void truncatedAnywhere() {
    int firstLine = new String(original, StandardCharsets.UTF_8).indexOf('\n') + 1;
    FUZZ.check("truncated at any byte", integers().between(firstLine, original.length), cut -> {
      Path log = write(Arrays.copyOf(original, cut));
      List<ReplayedLog> replayed = replayer.replay(log);
      assertThat(replayed).hasSize(1);
      boolean midLine = cut < original.length && original[cut - 1] != '\n';
      if (midLine && !parses(lastLine(cut))) {
        assertThat(replayed.get(0).truncated()).as("cut at %d", cut).isTrue();
      }
    });
  }

  @Test
  @DisplayName("A corrupt, deleted, duplicated or garbage line: replays, or a ReplayException naming file and line")
  void corruptLines() {
    FUZZ.check("corrupt, deleted, duplicated and garbage lines", integers().between(0, 100_000), damage(), (at, damage) -> {
      List<String> damaged = new ArrayList<>(lines);
      int i = at % damaged.size();
      switch (damage.kind) {
        case "cut" -> damaged.set(i, damaged.get(i).substring(0, damaged.get(i).length() / 2));
        case "delete" -> damaged.remove(i);
        case "duplicate" -> damaged.add(i, damaged.get(i));
        case "insert" -> damaged.set(i, damaged.get(i).substring(0, damaged.get(i).length() / 3) + damage.text
            + damaged.get(i).substring(damaged.get(i).length() / 3));
        default -> damaged.add(i, damage.text);
      }
      Path log = write((String.join("\n", damaged) + "\n").getBytes(StandardCharsets.UTF_8));
      assertReplaysOrRefuses(log);
    });
  }

  @Test
  @DisplayName("Random bytes: replays, or a ReplayException naming the file")
  void randomBytes() {
    FUZZ.check(
        "random bytes",
        Generate.byteArrays(integers().between(0, 2_048), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0)),
        bytes -> assertReplaysOrRefuses(write(bytes)));
  }

  record Damage(String kind, String text) {}

  static Gen<Damage> damage() {
    Gen<String> text =
        Generate.pick(
                List.of(
                    "{", "}", "\"", "{\"Event\":\"SparkListenerTaskEnd\"}", "{\"Event\":42}", "[1,2]", "null",
                    "{\"Event\":\"SparkListenerStageCompleted\",\"Stage Info\":{}}", "\u0000\u0001", "é",
                    "{\"Event\":\"SparkListenerJobStart\",\"Job ID\":1e400}"))
            .mix(strings().allPossible().ofLengthBetween(1, 60));
    return Generate.pick(List.of("cut", "delete", "duplicate", "insert", "line")).zip(text, Damage::new);
  }

  private void assertReplaysOrRefuses(Path log) {
    try {
      List<ReplayedLog> replayed = replayer.replay(log);
      assertThat(replayed).allSatisfy(r -> assertThat(r.events()).isNotNull());
    } catch (ReplayException e) {
      assertThat(e.getMessage()).startsWith(log.toString());
      assertThat(e.source()).isNotBlank();
    } catch (RuntimeException e) {
      fail("not a ReplayException", e);
    }
  }

  private String lastLine(int cut) {
    String text = new String(original, 0, cut, StandardCharsets.UTF_8);
    return text.substring(text.lastIndexOf('\n') + 1);
  }

  private static boolean parses(String line) {
    try {
      io.sparkplane.wire.TelemetryJson.mapper().readTree(line);
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private Path write(byte[] bytes) throws java.io.IOException {
    Path log = dir.resolve("app-" + System.nanoTime());
    Files.write(log, bytes);
    return log;
  }
}
