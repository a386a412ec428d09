package io.sparkplane.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import io.sparkplane.collector.testing.Fuzz;
import io.sparkplane.collector.testing.HostileYaml;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Garbled, mistyped and hostile {@code sparkplane.yaml} files and environment overrides: each either
 * loads or fails with a {@link SettingsException} whose message names the key, never with another
 * exception type. Cases per property: {@value #DEFAULT_EXAMPLES}, or {@code
 * -Dsparkplane.fuzz.examples=N} for a long run.
 */
@DisplayName("sparkplane.yaml under fuzzed input")
class SettingsLoaderFuzzTest {

  static final int DEFAULT_EXAMPLES = 400;
  private static final Fuzz FUZZ = Fuzz.surface("sparkplane.yaml", DEFAULT_EXAMPLES);

  /** The documented full file (docs/configuration.md). */
  static final String FULL =
      """
      server:
        host: 0.0.0.0
        port: 7070
        dataDir: data
        shutdownTimeout: 10s
      collector:
        maxPayloadBytes: 4194304
        tenantsFile: null
        maxJsonDepth: 32
        maxFieldsPerEvent: 200000
        tenantEventsPerSecond: 1000
        tenantBurstEvents: 10000
        heartbeatInterval: 30s
        lostCheckInterval: 10s
        maxTenantMeters: 500
        otelEndpoint: null
        metricsTokenHash: null
        maxInflightPayloadBytes: 33554432
        extensionQueueCapacity: 10000
        retryAfterSeconds: 5
      store:
        type: embedded
        elasticsearchUrl: null
        indexPrefix: sparkplane
        retentionMonths: 13
        requestTimeout: 10s
        healthTimeout: 2s
        maxConnections: 32
        maxConflictRetries: 10
        writtenRunsCacheSize: 10000
        scanPageSize: 500
      triage:
        enabled: true
        metrics:
          maxFingerprints: 200
      retries:
        enabled: true
        webhookUrl: null
        webhookToken: null
        maxAttempts: 3
        rateLimit:
          tenantPerMinute: 10
          globalPerMinute: 100
        webhookTimeout: 10s
        webhookMaxAttempts: 5
      alerting:
        enabled: true
        config: null
      estimator:
        enabled: true
        modelDir: null
        retrainCron: null
        maxTrainingRows: 50000
        maxHistoryRuns: 2000000
        keepModels: 10
        maxPendingEstimates: 100000
      console:
        enabled: true
        tenantAccess: false
        secureCookie: null
      """;

  private static final List<String> LINES = FULL.lines().toList();
  private static final List<Integer> KEY_LINES =
      java.util.stream.IntStream.range(0, LINES.size()).filter(l -> LINES.get(l).startsWith("  ")).boxed().toList();

  @TempDir Path dir;

  @Test
  @DisplayName("Any value for any key loads or fails with a SettingsException naming the key")
  void anyValueForAnyKey() {
    FUZZ.check("any value for any key", integers().between(0, 1_000), values(), (line, value) -> {
      int i = pickKeyLine(line);
      String key = LINES.get(i).substring(0, LINES.get(i).indexOf(':') + 1);
      StringBuilder yaml = new StringBuilder();
      for (int l = 0; l < LINES.size(); l++) {
        yaml.append(l == i ? key + " " + value : LINES.get(l)).append('\n');
      }
      assertLoadsOrRefuses(yaml.toString().getBytes(StandardCharsets.UTF_8), Map.of());
    });
  }

  @Test
  @DisplayName("Garbled or truncated YAML loads or fails with a SettingsException")
  void garbledText() {
    FUZZ.check("garbled and truncated YAML", integers().between(0, 100_000), HostileYaml.tokens(), booleans().all(), (at, token, truncate) -> {
      int i = at % FULL.length();
      String yaml = truncate ? FULL.substring(0, i) : FULL.substring(0, i) + token + FULL.substring(i);
      assertLoadsOrRefuses(yaml.getBytes(StandardCharsets.UTF_8), Map.of());
    });
  }

  @Test
  @DisplayName("Arbitrary bytes fail with a SettingsException")
  void arbitraryBytes() {
    FUZZ.check(
        "arbitrary bytes",
        Generate.byteArrays(integers().between(0, 2_048), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0)),
        bytes -> assertLoadsOrRefuses(bytes, Map.of()));
  }

  @Test
  @DisplayName("Any SPARKPLANE_* environment override loads or fails with a SettingsException naming it")
  void environmentOverrides() {
    FUZZ.check("environment overrides", envNames(), values(), (name, value) ->
        assertLoadsOrRefuses(FULL.getBytes(StandardCharsets.UTF_8), Map.of(name, value)));
  }

  @Test
  @DisplayName("A YAML alias bomb is refused with a SettingsException, quickly")
  void aliasBombs() {
    FUZZ.withExamples(10).check("alias bombs", integers().between(10, 60), fanOut -> {
      byte[] yaml = HostileYaml.aliasBomb(fanOut, "server: {host: *a9}").getBytes(StandardCharsets.UTF_8);
      long start = System.nanoTime();
      assertLoadsOrRefuses(yaml, Map.of());
      assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
    });
  }

  @Test
  @DisplayName("A character outside the BMP across the YAML reader's 1024-char buffer (found by this suite) is a SettingsException")
  void supplementaryCharacterAtTheBufferEdge() throws Exception {
    for (int k = 1_000; k < 1_030; k++) {
      assertLoadsOrRefuses(("# " + "a".repeat(k) + "\uD83D\uDE00\uD83D\uDE00\n" + FULL).getBytes(StandardCharsets.UTF_8), Map.of());
      assertLoadsOrRefuses(("a".repeat(k) + ": \uD83D\uDE00\uD83D\uDE00\n").getBytes(StandardCharsets.UTF_8), Map.of());
    }
  }

  static Gen<String> values() {
    return Generate.pick(
            List.of(
                "-1", "0", "99999999999999999999999", "1e400", "-9223372036854775809", "2147483648", ".nan", "~",
                "[]", "{}", "[1, 2]", "{a: 1}", "yes", "no", "''", "\"\"", "'30s'", "30x", "-5s", "P1000000000D",
                "PT-1S", "0ms", "!!binary AAAA", "!!java.lang.Runtime {}", "&x 1", "*x", "|\n  text", ">", "%",
                "'unterminated", "\"\\u0000\"", "http://", "not a url", "0 0 * * * ?", "bad cron", "/etc/passwd",
                "elasticsearch", "EMBEDDED", "true", "null"))
        .mix(strings().allPossible().ofLengthBetween(0, 30))
        .mix(longs().all().map(l -> Long.toString(l)));
  }

  static Gen<String> envNames() {
    return Generate.pick(
            List.of(
                "SPARKPLANE_SERVER_PORT", "SPARKPLANE_SERVER_SHUTDOWN_TIMEOUT", "SPARKPLANE_COLLECTOR_MAX_JSON_DEPTH",
                "SPARKPLANE_STORE_TYPE", "SPARKPLANE_STORE_RETENTION_MONTHS", "SPARKPLANE_TRIAGE_ENABLED",
                "SPARKPLANE_ESTIMATOR_RETRAIN_CRON", "SPARKPLANE_COLLECTOR_HEARTBEAT_INTERVAL", "SPARKPLANE_",
                "SPARKPLANE__", "SPARKPLANE_SERVER_", "SPARKPLANE_SERVER_NOPE", "SPARKPLANE_CONSOLE",
                "SPARKPLANE_CONSOLE_TENANT_ACCESS", "SPARKPLANE_COLLECTOR_METRICS_TOKEN_HASH",
                "SPARKPLANE_STORE_REQUEST_TIMEOUT", "SPARKPLANE_STORE_SCAN_PAGE_SIZE",
                "SPARKPLANE_RETRIES_WEBHOOK_TIMEOUT", "SPARKPLANE_RETRIES_RATE_LIMIT_TENANT_PER_MINUTE",
                "SPARKPLANE_RETRIES_WEBHOOK_URL", "SPARKPLANE_TRIAGE_METRICS_MAX_FINGERPRINTS",
                "SPARKPLANE_ESTIMATOR_KEEP_MODELS", "SPARKPLANE_CONSOLE_SECURE_COOKIE",
                "SPARKPLANE_COLLECTOR_RETRY_AFTER_SECONDS"))
        .mix(strings().betweenCodePoints('A', 'Z').ofLengthBetween(0, 20).map(s -> "SPARKPLANE_" + s.replace('Q', '_')));
  }

  private static int pickKeyLine(int seed) {
    return KEY_LINES.get(seed % KEY_LINES.size());
  }

  private void assertLoadsOrRefuses(byte[] yaml, Map<String, String> env) throws Exception {
    Path file = dir.resolve("sparkplane.yaml");
    Files.write(file, yaml);
    try {
      ServerSettings settings = SettingsLoader.load(file, env);
      assertThat(settings).isNotNull();
    } catch (SettingsException e) {
      assertThat(e.getMessage()).isNotBlank();
      assertThat(e.key()).isNotBlank();
    } catch (RuntimeException e) {
      fail("not a SettingsException for " + new String(yaml, StandardCharsets.UTF_8) + " " + env, e);
    }
  }
}
