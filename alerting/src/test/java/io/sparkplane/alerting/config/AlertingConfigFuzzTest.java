package io.sparkplane.alerting.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import io.sparkplane.collector.testing.Fuzz;
import io.sparkplane.collector.testing.HostileYaml;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Garbled, mistyped and hostile alert rule files: {@link AlertingConfigLoader#parse} either returns a
 * config or throws an {@link AlertingConfigException} naming the field, never another exception.
 * Cases per property: {@value #DEFAULT_EXAMPLES}, or {@code -Dsparkplane.fuzz.examples=N}.
 */
@DisplayName("Alert rule files under fuzzed input")
class AlertingConfigFuzzTest {

  static final int DEFAULT_EXAMPLES = 400;
  private static final Fuzz FUZZ = Fuzz.surface("alert rule files", DEFAULT_EXAMPLES);

  private static final String EXAMPLE = read();
  private static final List<String> LINES = EXAMPLE.lines().toList();

  @Test
  @DisplayName("Any value for any setting of the example file: a config, or an error naming the field")
  void anyValueForAnySetting() {
    List<Integer> settings =
        java.util.stream.IntStream.range(0, LINES.size())
            .filter(l -> LINES.get(l).matches("^ +[A-Za-z]+:.*"))
            .boxed()
            .toList();
    FUZZ.check("any value for any setting", integers().between(0, 10_000), values(), (line, value) -> {
      int i = settings.get(line % settings.size());
      String key = LINES.get(i).substring(0, LINES.get(i).indexOf(':') + 1);
      StringBuilder yaml = new StringBuilder();
      for (int l = 0; l < LINES.size(); l++) {
        yaml.append(l == i ? key + " " + value : LINES.get(l)).append('\n');
      }
      assertParsesOrRefuses(yaml.toString());
    });
  }

  @Test
  @DisplayName("Garbled or truncated rule files: a config, or an error naming the field")
  void garbledText() {
    FUZZ.check("garbled and truncated YAML", integers().between(0, 100_000), HostileYaml.tokens(), booleans().all(), (at, token, truncate) -> {
      int i = at % EXAMPLE.length();
      assertParsesOrRefuses(truncate ? EXAMPLE.substring(0, i) : EXAMPLE.substring(0, i) + token + EXAMPLE.substring(i));
    });
  }

  @Test
  @DisplayName("Arbitrary text: an error naming the field, or the defaults")
  void arbitraryText() {
    FUZZ.check("arbitrary text", strings().allPossible().ofLengthBetween(0, 400), AlertingConfigFuzzTest::assertParsesOrRefuses);
  }

  @Test
  @DisplayName("Notifier lists with any type, URL and delivery values: a config, or an error naming the field")
  void notifiers() {
    FUZZ.check(
        "notifier entries",
        Generate.pick(List.of("alertmanager", "pagerduty", "webhook", "sms", "", "null", "[]", "{}")),
        values(),
        Generate.pick(List.of("url", "routingKey", "name", "resend", "headers", "extraLabels", "delivery", "type", "nope")),
        (type, value, field) ->
            assertParsesOrRefuses("notifiers:\n  - type: " + type + "\n    url: http://127.0.0.1:9\n    " + field + ": " + value + "\n"));
  }

  @Test
  @DisplayName("A character outside the BMP across the YAML reader's 1024-char buffer (found by this suite) is an AlertingConfigException")
  void supplementaryCharacterAtTheBufferEdge() {
    for (int k = 1_000; k < 1_030; k++) {
      assertParsesOrRefuses("# " + "a".repeat(k) + "\uD83D\uDE00\uD83D\uDE00 x: [\n" + EXAMPLE);
      assertParsesOrRefuses("a".repeat(k) + ": \uD83D\uDE00\uD83D\uDE00\n");
    }
  }

  static Gen<String> values() {
    return Generate.pick(
            List.of(
                "-1", "0", "99999999999999999999999", "1e400", "-9223372036854775809", "2147483648", ".nan", ".inf", "~",
                "[]", "{}", "[1, 2]", "{a: 1}", "[tenant, planet]", "[workload]", "yes", "''", "'30s'", "30x", "-5s",
                "P1000000000D", "0ms", "100", "99.999999", "!!binary AAAA", "&x 1", "*x", "|\n  text", ">", "%",
                "'unterminated", "ftp://x", "http://", "critical", "urgent", "[{long: 5m, short: 1h}]",
                "[{long: 1h, short: 5m, factor: 1e400, level: critical}]", "{maxAttempts: 0}", "null"))
        .mix(strings().allPossible().ofLengthBetween(0, 30))
        .mix(longs().all().map(l -> Long.toString(l)));
  }

  private static void assertParsesOrRefuses(String yaml) {
    try {
      assertThat(AlertingConfigLoader.parse(yaml, "fuzz.yaml")).isNotNull();
    } catch (AlertingConfigException e) {
      assertThat(e.getMessage()).startsWith("invalid alerting config fuzz.yaml: ");
      assertThat(e.field()).isNotBlank();
    } catch (RuntimeException e) {
      fail("not an AlertingConfigException for:\n" + yaml, e);
    }
  }

  private static String read() {
    try {
      return Files.readString(Path.of("alerting.example.yaml"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
