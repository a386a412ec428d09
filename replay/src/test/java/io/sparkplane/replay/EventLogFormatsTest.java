package io.sparkplane.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.wire.RunSummary;
import io.sparkplane.wire.TelemetryEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.io.CompressionCodec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same application replays to the same telemetry whatever form its log takes: plain,
 * compressed with each of Spark's codecs, or rolled over several files; and a log cut off mid-line
 * still replays.
 */
class EventLogFormatsTest {

  private static final String APP = "rapids_join_eventlog.json";

  @TempDir Path dir;
  private Path plain;
  private List<TelemetryEvent> expected;

  @BeforeEach
  void replayPlain() throws Exception {
    plain = SparkTestData.eventLog(APP, dir);
    expected = only(new EventLogReplayer(ReplayOptions.NONE).replay(plain)).events();
    assertThat(expected).hasSize(2);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"lz4,app.lz4", "zstd,app.zstd", "zstd,app.zst", "snappy,app.snappy", "lzf,app.lzf"})
  @DisplayName("A log compressed with Spark's codec replays to exactly the plain log's telemetry")
  void compressedLogsReplayIdentically(String codec, String fileName) throws Exception {
    Path compressed = dir.resolve(fileName);
    write(compressed, codec, Files.readAllBytes(plain));

    ReplayedLog log = only(new EventLogReplayer(ReplayOptions.NONE).replay(compressed));

    assertThat(log.events()).isEqualTo(expected);
    assertThat(log.truncated()).isFalse();
  }

  @Test
  @DisplayName("A rolling event-log directory replays its events_N files in index order, skipping appstatus")
  void rollingDirectoryReplaysIdentically() throws Exception {
    Path rolling = dir.resolve("eventlog_v2_local-1622814619968");
    Files.createDirectories(rolling);
    List<String> lines = Files.readAllLines(plain, StandardCharsets.UTF_8);
    int third = lines.size() / 3;
    // Index 10 sorts before 2 by name: only index order gives the right sequence.
    writeLines(rolling.resolve("events_1_local-1622814619968.zstd"), lines.subList(0, third));
    writeLines(rolling.resolve("events_2_local-1622814619968.zstd"), lines.subList(third, 2 * third));
    writeLines(rolling.resolve("events_10_local-1622814619968.zstd"), lines.subList(2 * third, lines.size()));
    Files.writeString(rolling.resolve("appstatus_local-1622814619968"), "");

    ReplayedLog log = only(new EventLogReplayer(ReplayOptions.NONE).replay(rolling));

    assertThat(log.events()).isEqualTo(expected);
    assertThat(log.source()).isEqualTo(rolling.toString());
  }

  @Test
  @DisplayName("A directory of logs replays each log in it, rolling directories included")
  void directoryOfLogsReplaysEach() throws Exception {
    Path logs = Files.createDirectories(dir.resolve("spark-events"));
    write(logs.resolve("app-1.lz4"), "lz4", Files.readAllBytes(plain));
    SparkTestData.eventLog("sparklens_local-1532512550423", logs);
    Path rolling = Files.createDirectories(logs.resolve("eventlog_v2_app-2"));
    Files.copy(plain, rolling.resolve("events_1_app-2"));

    List<ReplayedLog> replayed = new EventLogReplayer(ReplayOptions.NONE).replay(logs);

    assertThat(replayed).extracting(ReplayedLog::source)
        .containsExactly(
            logs.resolve("app-1.lz4").toString(),
            rolling.toString(),
            logs.resolve("sparklens_local-1532512550423").toString());
    assertThat(replayed.get(0).events()).isEqualTo(expected);
    assertThat(replayed.get(1).events()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "cut at {0}%")
  @ValueSource(ints = {30, 61, 95})
  @DisplayName("A log cut off mid-line replays without error and yields a summary of what it holds")
  void truncatedPlainLogReplays(int percent) throws Exception {
    byte[] bytes = Files.readAllBytes(plain);
    int cut = bytes.length * percent / 100;
    while (bytes[cut - 1] == '\n') {
      cut++;
    }
    Path truncated = dir.resolve("truncated.inprogress");
    Files.write(truncated, java.util.Arrays.copyOf(bytes, cut));

    ReplayedLog log = only(new EventLogReplayer(ReplayOptions.NONE).replay(truncated));

    assertThat(log.truncated()).isTrue();
    assertThat(log.unfinished()).isTrue();
    RunSummary summary = log.summaries().get(0);
    RunSummary full = expected.get(1).summary();
    assertThat(summary.totals().tasks()).isLessThan(full.totals().tasks());
    assertThat(summary.timing().endTimeMs()).isLessThan(full.timing().endTimeMs());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"lz4", "zstd"})
  @DisplayName("A compressed log cut off mid-block replays without error and yields a summary")
  void truncatedCompressedLogReplays(String codec) throws Exception {
    Path whole = dir.resolve("whole." + codec);
    write(whole, codec, Files.readAllBytes(plain));
    byte[] bytes = Files.readAllBytes(whole);
    Path truncated = dir.resolve("cut." + codec);
    Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3));

    ReplayedLog log = only(new EventLogReplayer(ReplayOptions.NONE).replay(truncated));

    assertThat(log.truncated()).isTrue();
    assertThat(log.summaries()).hasSize(1);
    assertThat(log.summaries().get(0).totals().tasks())
        .isPositive()
        .isLessThan(expected.get(1).summary().totals().tasks());
  }

  @Test
  @DisplayName("A log with a corrupt line before its end fails with an error naming the file")
  void corruptMiddleLineFails() throws Exception {
    List<String> lines = new java.util.ArrayList<>(Files.readAllLines(plain, StandardCharsets.UTF_8));
    lines.set(lines.size() / 2, "{\"Event\":\"SparkListenerTaskEnd\",\"Stage ID\":");
    Path corrupt = dir.resolve("corrupt");
    Files.write(corrupt, lines, StandardCharsets.UTF_8);

    assertThatThrownBy(() -> new EventLogReplayer(ReplayOptions.NONE).replay(corrupt))
        .isInstanceOf(ReplayException.class)
        .hasMessageStartingWith(corrupt.toString())
        .hasMessageContaining("malformed event");
  }

  @Test
  @DisplayName("A missing log, or a file that is not what its codec says, fails with an error naming it")
  void unreadableInputFails() throws Exception {
    Path missing = dir.resolve("nope");
    assertThatThrownBy(() -> new EventLogReplayer(ReplayOptions.NONE).replay(missing))
        .isInstanceOf(ReplayException.class)
        .hasMessageStartingWith(missing.toString());

    Path notZstd = dir.resolve("app.zstd");
    Files.copy(plain, notZstd);
    assertThatThrownBy(() -> new EventLogReplayer(ReplayOptions.NONE).replay(notZstd))
        .isInstanceOf(ReplayException.class)
        .hasMessageStartingWith(notZstd.toString());
  }

  private static ReplayedLog only(List<ReplayedLog> logs) {
    assertThat(logs).hasSize(1);
    return logs.get(0);
  }

  private static void writeLines(Path file, List<String> lines) throws IOException {
    write(file, "zstd", (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static void write(Path file, String codec, byte[] content) throws IOException {
    CompressionCodec c = EventLogFiles.codec(codec);
    try (OutputStream out = c.compressedOutputStream(Files.newOutputStream(file))) {
      out.write(content);
    }
  }
}
