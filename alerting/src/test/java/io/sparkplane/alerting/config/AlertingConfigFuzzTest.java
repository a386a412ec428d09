package io.sparkplane.alerting.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
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
  static final int EXAMPLES = Integer.getInteger("sparkplane.fuzz.examples", DEFAULT_EXAMPLES);

  private static final String EXAMPLE = read();
  private static final List<String> LINES = EXAMPLE.lines().toList();

  @Test
  @DisplayName("Any value for any setting of the example file: a config, or an error naming the field")
  void anyValueForAnySetting() {
    fuzz("any value for any setting", integers().between(0, 10_000), values(), Generate.constant(0), (line, value, ignored) -> {
      List<Integer> settings =
          java.util.stream.IntStream.range(0, LINES.size())
              .filter(l -> LINES.get(l).matches("^ +[A-Za-z]+:.*"))
              .boxed()
              .toList();
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
    fuzz("garbled and truncated YAML", integers().between(0, 100_000), yamlTokens(), booleans().all(), (at, token, truncate) -> {
      int i = at % EXAMPLE.length();
      assertParsesOrRefuses(truncate ? EXAMPLE.substring(0, i) : EXAMPLE.substring(0, i) + token + EXAMPLE.substring(i));
    });
  }

  @Test
  @DisplayName("Arbitrary text: an error naming the field, or the defaults")
  void arbitraryText() {
    fuzz("arbitrary text", strings().allPossible().ofLengthBetween(0, 400), Generate.constant(0), Generate.constant(0),
        (text, a, b) -> assertParsesOrRefuses(text));
  }

  @Test
  @DisplayName("Notifier lists with any type, URL and delivery values: a config, or an error naming the field")
  void notifiers() {
    fuzz(
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

  static Gen<String> yamlTokens() {
    return Generate.pick(
        List.of(
            ":", "- ", "{", "}", "[", "]", "\t", "  ", "? ", "&a ", "*a", "!!str ", "!!int ", "|", ">", "%YAML 1.1\n",
            "---\n", "...\n", "#", "'", "\"", "\n", "\u0000", "\uFEFF", "key: value\n", "x:\n  - 1\n", "é"));
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

  /** One property over three generated values; counts and prints the cases tried. */
  static <A, B, C> void fuzz(String surface, Gen<A> a, Gen<B> b, Gen<C> c, Case<A, B, C> check) {
    AtomicLong cases = new AtomicLong();
    qt().withFixedSeed(Long.getLong("sparkplane.fuzz.seed", 20261125L)).withExamples(EXAMPLES)
        .withShrinkCycles(50)
        .forAll(a, b, c)
        .checkAssert(
            (x, y, z) -> {
              cases.incrementAndGet();
              check.run(x, y, z);
            });
    System.out.printf("fuzz alert rule files / %s: %d cases%n", surface, cases.get());
  }

  @FunctionalInterface
  interface Case<A, B, C> {
    void run(A a, B b, C c);
  }

  private static String read() {
    try {
      return Files.readString(Path.of("alerting.example.yaml"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
