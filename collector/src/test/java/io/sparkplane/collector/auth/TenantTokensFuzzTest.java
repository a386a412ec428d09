package io.sparkplane.collector.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
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
  static final int EXAMPLES = Integer.getInteger("sparkplane.fuzz.examples", DEFAULT_EXAMPLES);
  private static final String SOURCE = "tenants.yaml";

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
    fuzz("any value in any line", integers().between(0, 1_000), values(), booleans().all(), (line, value, replace) -> {
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
    fuzz("garbled and truncated YAML", integers().between(0, 100_000), yamlTokens(), booleans().all(), (at, token, truncate) -> {
      int i = at % FULL.length();
      String yaml = truncate ? FULL.substring(0, i) : FULL.substring(0, i) + token + FULL.substring(i);
      assertLoadsOrRefuses(yaml.getBytes(StandardCharsets.UTF_8));
    });
  }

  @Test
  @DisplayName("Arbitrary bytes load or fail with an IllegalArgumentException")
  void arbitraryBytes() {
    fuzz(
        "arbitrary bytes",
        Generate.byteArrays(integers().between(0, 2_048), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0)),
        Generate.constant(0),
        Generate.constant(0),
        (bytes, a, b) -> assertLoadsOrRefuses(bytes));
  }

  @Test
  @DisplayName("Long runs of any characters, beyond the YAML reader's buffer, load or fail with an IllegalArgumentException")
  void longText() {
    fuzz(
        "long text",
        strings().allPossible().ofLengthBetween(900, 1_200),
        booleans().all(),
        Generate.constant(0),
        (text, asComment, c) -> {
          String yaml = asComment ? "# " + text.replace('\n', ' ').replace('\r', ' ') + "\n" + FULL : text;
          assertLoadsOrRefuses(yaml.getBytes(StandardCharsets.UTF_8));
        });
  }

  @Test
  @DisplayName("A YAML alias bomb is refused with an IllegalArgumentException, quickly")
  void aliasBombs() {
    fuzz("alias bombs", integers().between(10, 60), Generate.constant(0), Generate.constant(0), (fanOut, a, b) -> {
      StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
      for (int level = 1; level <= 9; level++) {
        yaml.append("a").append(level).append(": &a").append(level).append(" [");
        for (int k = 0; k < fanOut; k++) {
          yaml.append(k == 0 ? "" : ", ").append("*a").append(level - 1);
        }
        yaml.append("]\n");
      }
      yaml.append("tenants: {acme: *a9}\n");
      long start = System.nanoTime();
      assertLoadsOrRefuses(yaml.toString().getBytes(StandardCharsets.UTF_8));
      assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
    }, 10);
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
                "[\" " + HASH_B + " \"]", "\"" + HASH_C + "\"", "spk_plaintexttoken", "null", "true"))
        .mix(strings().allPossible().ofLengthBetween(0, 30))
        .mix(strings().allPossible().ofLengthBetween(100, 200).map(s -> "\"" + s.replace("\"", "") + "\": [\"" + HASH_A + "\"]"));
  }

  static Gen<String> yamlTokens() {
    return Generate.pick(
        List.of(
            ":", "- ", "{", "}", "[", "]", "\t", "  ", "? ", "&a ", "*a", "!!str ", "!!int ", "|", ">", "%YAML 1.1\n",
            "---\n", "...\n", "#", "'", "\"", "\n", "\u0000", "\uFEFF", "key: value\n", "x:\n  - 1\n", "é",
            "\uD83D\uDE00", "<<: *a\n"));
  }

  private <A, B, C> void fuzz(String surface, Gen<A> a, Gen<B> b, Gen<C> c, Case<A, B, C> check) {
    fuzz(surface, a, b, c, check, EXAMPLES);
  }

  /** One property over three generated values; counts and prints the cases tried. */
  private <A, B, C> void fuzz(String surface, Gen<A> a, Gen<B> b, Gen<C> c, Case<A, B, C> check, int examples) {
    AtomicLong cases = new AtomicLong();
    qt().withFixedSeed(Long.getLong("sparkplane.fuzz.seed", 20261125L)).withExamples(examples)
        .withShrinkCycles(50)
        .forAll(a, b, c)
        .checkAssert(
            (x, y, z) -> {
              cases.incrementAndGet();
              try {
                check.run(x, y, z);
              } catch (Exception e) {
                throw new AssertionError(surface + ": " + e, e);
              }
            });
    System.out.printf("fuzz tenants.yaml / %s: %d cases%n", surface, cases.get());
  }

  @FunctionalInterface
  interface Case<A, B, C> {
    void run(A a, B b, C c) throws Exception;
  }

  private static TenantTokens parse(byte[] yaml) throws Exception {
    return TenantTokens.parse(new ByteArrayInputStream(yaml), SOURCE);
  }

  private static void assertLoadsOrRefuses(byte[] yaml) throws Exception {
    try {
      TenantTokens tokens = parse(yaml);
      assertThat(tokens.scopeOf("not-listed")).isEmpty();
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).startsWith(SOURCE + ":");
    } catch (RuntimeException e) {
      fail("not an IllegalArgumentException for %s", new String(yaml, StandardCharsets.UTF_8), e);
    }
  }
}
