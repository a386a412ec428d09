package io.sparkplane.collector.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import io.sparkplane.collector.testing.Fuzz;
import io.sparkplane.collector.testing.HostileYaml;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Garbled, mistyped and hostile tenants files: each either loads or fails with an {@link
 * IllegalArgumentException} that names the file, never with another exception type. Cases per
 * property: {@value #DEFAULT_EXAMPLES}, or {@code -Dsparkplane.fuzz.examples=N} for a long run.
 */
@DisplayName("tenants.yaml under fuzzed input")
class TenantTokensFuzzTest {

  static final int DEFAULT_EXAMPLES = 400;
  private static final Fuzz FUZZ = Fuzz.surface("tenants.yaml", DEFAULT_EXAMPLES);
  private static final String SOURCE = "tenants.yaml";

  /** A token where a hash belongs: refused, and never echoed into the message (it would reach the log). */
  private static final String PLAIN_TOKEN = "spk_plaintexttoken";

  private static final String HASH_A = TokenHasher.hash("a");
  private static final String HASH_B = TokenHasher.hash("b");
  private static final String HASH_C = TokenHasher.hash("c");

  /** A valid file with every section. */
  static final String FULL =
      """
      tenants:
        acme: ["%s"]
        globex:
          - "%s"
      operators: ["%s"]
      revoked: []
      """
          .formatted(HASH_A, HASH_B, HASH_C);

  @Test
  @DisplayName("The valid base file loads")
  void baseLoads() throws Exception {
    assertThat(parse(FULL.getBytes(StandardCharsets.UTF_8)).tenantCount()).isEqualTo(2);
  }

  @Test
  @DisplayName("Any value in place of a tenant, hash or section loads or fails with an IllegalArgumentException")
  void anyValueAnywhere() {
    List<String> lines = FULL.lines().toList();
    FUZZ.check("any value in any line", integers().between(0, 1_000), values(), booleans().all(), (line, value, replace) -> {
      int i = line % lines.size();
      String original = lines.get(i);
      int colon = original.indexOf(':');
      StringBuilder yaml = new StringBuilder();
      for (int l = 0; l < lines.size(); l++) {
        if (l != i) {
          yaml.append(lines.get(l));
        } else if (replace || colon < 0) {
          yaml.append(original, 0, original.length() - original.stripLeading().length()).append(value);
        } else {
          yaml.append(original, 0, colon + 1).append(' ').append(value);
        }
        yaml.append('\n');
      }
      assertLoadsOrRefuses(yaml.toString().getBytes(StandardCharsets.UTF_8));
    });
  }

  @Test
  @DisplayName("Garbled or truncated YAML loads or fails with an IllegalArgumentException")
  void garbledText() {
    FUZZ.check("garbled and truncated YAML", integers().between(0, 100_000), HostileYaml.tokens("\uD83D\uDE00", "<<: *a\n"), booleans().all(), (at, token, truncate) -> {
      int i = at % FULL.length();
      String yaml = truncate ? FULL.substring(0, i) : FULL.substring(0, i) + token + FULL.substring(i);
      assertLoadsOrRefuses(yaml.getBytes(StandardCharsets.UTF_8));
    });
  }

  @Test
  @DisplayName("Arbitrary bytes load or fail with an IllegalArgumentException")
  void arbitraryBytes() {
    FUZZ.check(
        "arbitrary bytes",
        Generate.byteArrays(integers().between(0, 2_048), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0)),
        TenantTokensFuzzTest::assertLoadsOrRefuses);
  }

  @Test
  @DisplayName("Long runs of any characters, beyond the YAML reader's buffer, load or fail with an IllegalArgumentException")
  void longText() {
    FUZZ.check(
        "long text",
        strings().allPossible().ofLengthBetween(900, 1_200),
        booleans().all(),
        (text, asComment) -> {
          String yaml = asComment ? "# " + text.replace('\n', ' ').replace('\r', ' ') + "\n" + FULL : text;
          assertLoadsOrRefuses(yaml.getBytes(StandardCharsets.UTF_8));
        });
  }

  @Test
  @DisplayName("A YAML alias bomb is refused with an IllegalArgumentException, quickly")
  void aliasBombs() {
    FUZZ.withExamples(10).check("alias bombs", integers().between(10, 60), fanOut -> {
      byte[] yaml = HostileYaml.aliasBomb(fanOut, "tenants: {acme: *a9}").getBytes(StandardCharsets.UTF_8);
      long start = System.nanoTime();
      assertLoadsOrRefuses(yaml);
      assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
    });
  }

  @Test
  @DisplayName("A character outside the BMP across the YAML reader's 1024-char buffer is an IllegalArgumentException, not an IndexOutOfBoundsException")
  void supplementaryCharacterAtTheBufferEdge() throws Exception {
    for (int k = 1_000; k < 1_030; k++) {
      assertLoadsOrRefuses(("# " + "a".repeat(k) + "\uD83D\uDE00\uD83D\uDE00\n" + FULL).getBytes(StandardCharsets.UTF_8));
      assertLoadsOrRefuses(("a".repeat(k) + ": \uD83D\uDE00\uD83D\uDE00\n").getBytes(StandardCharsets.UTF_8));
      assertLoadsOrRefuses(("tenants:\n  " + "t".repeat(k) + "\uD83D\uDE00: [\"" + HASH_A + "\"]\n").getBytes(StandardCharsets.UTF_8));
    }
  }

  static Gen<String> values() {
    return Generate.pick(
            List.of(
                "-1", "0", "99999999999999999999999", "1e400", ".nan", "~", "[]", "{}", "[1, 2]", "{a: 1}", "yes",
                "no", "''", "\"\"", "[\"\"]", "[~]", "[[]]", "[{}]", "!!binary AAAA", "!!java.lang.Runtime {}",
                "&x 1", "*x", "|\n  text", ">", "%", "'unterminated", "\"\\u0000\"", "sha256:", "sha256:zz",
                "[\"sha256:" + "0".repeat(63) + "\"]", "[\"" + HASH_A + "\"]", "[\"" + HASH_A.toUpperCase() + "\"]",
                "[\" " + HASH_B + " \"]", "\"" + HASH_C + "\"", PLAIN_TOKEN, "null", "true"))
        .mix(strings().allPossible().ofLengthBetween(0, 30))
        .mix(strings().allPossible().ofLengthBetween(100, 200).map(s -> "\"" + s.replace("\"", "") + "\": [\"" + HASH_A + "\"]"));
  }

  private static TenantTokens parse(byte[] yaml) throws Exception {
    return TenantTokens.parse(new ByteArrayInputStream(yaml), SOURCE);
  }

  private static void assertLoadsOrRefuses(byte[] yaml) throws Exception {
    try {
      TenantTokens tokens = parse(yaml);
      assertThat(tokens.scopeOf("not-listed")).isEmpty();
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).startsWith(SOURCE + ":").doesNotContain(PLAIN_TOKEN);
    } catch (RuntimeException e) {
      fail("not an IllegalArgumentException for " + new String(yaml, StandardCharsets.UTF_8), e);
    }
  }
}
