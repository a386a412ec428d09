package io.sparkplane.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("sparkplane.yaml")
class SettingsLoaderTest {

  @TempDir Path dir;

  private Path yaml(String text) throws Exception {
    Path file = dir.resolve("sparkplane.yaml");
    Files.writeString(file, text);
    return file;
  }

  @Test
  @DisplayName("without a file gives the documented defaults with every part on")
  void defaults() {
    ServerSettings s = SettingsLoader.load(null, Map.of());
    assertThat(s.server().port()).isEqualTo(7070);
    assertThat(s.server().dataDir()).isEqualTo(Path.of("data"));
    assertThat(s.store().type()).isEqualTo("embedded");
    assertThat(s.collector().heartbeatInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.triage().enabled()).isTrue();
    assertThat(s.alerting().enabled()).isTrue();
    assertThat(s.estimator().enabled()).isTrue();
    assertThat(s.console().enabled()).isTrue();
    assertThat(s.console().tenantAccess()).as("the console is for operators by default").isFalse();
    assertThat(s.collector().metricsTokenHash()).as("/metrics is open by default").isNull();
    assertThat(s.collector().maxInflightPayloadBytes()).isEqualTo(32 * 1024 * 1024);
    assertThat(s.collector().extensionQueueCapacity()).isEqualTo(10_000);
    assertThat(s.collector().retryAfterSeconds()).isEqualTo(5);
    assertThat(s.console().secureCookie()).as("no TLS: a plain cookie").isFalse();
  }

  @Test
  @DisplayName("reads store.requestTimeout .. store.scanPageSize from the file or SPARKPLANE_STORE_*, defaults to the Elasticsearch store's own, and refuses a bad value naming the key")
  void elasticsearchLimits() throws Exception {
    ServerSettings.Store defaults = SettingsLoader.load(null, Map.of()).store();
    assertThat(defaults.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(defaults.healthTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(defaults.maxConnections()).isEqualTo(32);
    assertThat(defaults.maxConflictRetries()).isEqualTo(10);
    assertThat(defaults.writtenRunsCacheSize()).isEqualTo(10_000);
    assertThat(defaults.scanPageSize()).isEqualTo(500);

    ServerSettings.Store file =
        SettingsLoader.load(
                yaml(
                    """
                    store:
                      requestTimeout: 30s
                      healthTimeout: 500ms
                      maxConnections: 64
                      maxConflictRetries: 0
                      writtenRunsCacheSize: 0
                      scanPageSize: 1000
                    """),
                Map.of())
            .store();
    assertThat(file.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(file.healthTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(file.maxConnections()).isEqualTo(64);
    assertThat(file.maxConflictRetries()).isZero();
    assertThat(file.writtenRunsCacheSize()).isZero();
    assertThat(file.scanPageSize()).isEqualTo(1_000);

    ServerSettings.Store env =
        SettingsLoader.load(
                null,
                Map.of(
                    "SPARKPLANE_STORE_MAX_CONNECTIONS", "8",
                    "SPARKPLANE_STORE_REQUEST_TIMEOUT", "1m",
                    "SPARKPLANE_STORE_WRITTEN_RUNS_CACHE_SIZE", "500"))
            .store();
    assertThat(env.maxConnections()).isEqualTo(8);
    assertThat(env.requestTimeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(env.writtenRunsCacheSize()).isEqualTo(500);

    assertThat(SettingsLoader.load(yaml("store:\n  retentionMonths: 0\n"), Map.of()).store().retentionMonths())
        .as("0 keeps every index, as the store reads it")
        .isZero();
    assertThatThrownBy(() -> SettingsLoader.load(yaml("store:\n  retentionMonths: -1\n"), Map.of()))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("store.retentionMonths");
    assertThatThrownBy(() -> SettingsLoader.load(yaml("store:\n  maxConnections: 0\n"), Map.of()))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("store.maxConnections: must be between 1 and");
    assertThatThrownBy(() -> SettingsLoader.load(null, Map.of("SPARKPLANE_STORE_SCAN_PAGE_SIZE", "10001")))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("store.scanPageSize: must be between 1 and 10000");
    assertThatThrownBy(() -> SettingsLoader.load(yaml("store:\n  maxConflictRetries: -1\n"), Map.of()))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("store.maxConflictRetries");
    assertThatThrownBy(() -> SettingsLoader.load(yaml("store:\n  requestTimeout: 0s\n"), Map.of()))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("store.requestTimeout: must be a positive duration");
    assertThatThrownBy(() -> SettingsLoader.load(yaml("store:\n  healthTimeout: 30d\n"), Map.of()))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("store.healthTimeout: must be at most");
  }

  @Test
  @DisplayName("reads retries.maxAttempts, rateLimit.*, webhookTimeout and webhookMaxAttempts from the file or SPARKPLANE_RETRIES_*, checked by RetrySettings naming the server key")
  void retryLimits() throws Exception {
    ServerSettings.Retries defaults = SettingsLoader.load(null, Map.of()).retries();
    assertThat(defaults.maxAttempts()).isEqualTo(3);
    assertThat(defaults.rateLimit().tenantPerMinute()).isEqualTo(10);
    assertThat(defaults.rateLimit().globalPerMinute()).isEqualTo(100);
    assertThat(defaults.webhookTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(defaults.webhookMaxAttempts()).isEqualTo(5);
    assertThat(defaults.retrySettings())
        .isEqualTo(io.sparkplane.triage.retry.RetrySettings.defaults());

    ServerSettings.Retries file =
        SettingsLoader.load(
                yaml(
                    """
                    retries:
                      maxAttempts: 2
                      rateLimit:
                        tenantPerMinute: 3
                        globalPerMinute: 30
                      webhookUrl: http://engine:8090/retries
                      webhookTimeout: 1500ms
                      webhookMaxAttempts: 7
                    """),
                Map.of())
            .retries();
    assertThat(file.maxAttempts()).isEqualTo(2);
    assertThat(file.rateLimit().tenantPerMinute()).isEqualTo(3);
    assertThat(file.rateLimit().globalPerMinute()).isEqualTo(30);
    assertThat(file.webhookTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(file.webhookMaxAttempts()).isEqualTo(7);
    var retry = file.retrySettings();
    assertThat(retry.maxAttempts()).isEqualTo(2);
    assertThat(retry.tenantRetriesPerMinute()).isEqualTo(3);
    assertThat(retry.globalRetriesPerMinute()).isEqualTo(30);
    assertThat(retry.webhookTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(retry.webhookMaxAttempts()).isEqualTo(7);
    assertThat(retry.webhookUrl()).hasToString("http://engine:8090/retries");

    ServerSettings.Retries env =
        SettingsLoader.load(
                null,
                Map.of(
                    "SPARKPLANE_RETRIES_RATE_LIMIT_TENANT_PER_MINUTE", "4",
                    "SPARKPLANE_RETRIES_WEBHOOK_TIMEOUT", "20s",
                    "SPARKPLANE_RETRIES_MAX_ATTEMPTS", "5"))
            .retries();
    assertThat(env.rateLimit().tenantPerMinute()).isEqualTo(4);
    assertThat(env.rateLimit().globalPerMinute()).isEqualTo(100);
    assertThat(env.webhookTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(env.maxAttempts()).isEqualTo(5);

    assertThatThrownBy(() -> SettingsLoader.load(yaml("retries:\n  maxAttempts: 0\n"), Map.of()))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("retries.maxAttempts: must be >= 1, was 0");
    assertThatThrownBy(() -> SettingsLoader.load(null, Map.of("SPARKPLANE_RETRIES_RATE_LIMIT_GLOBAL_PER_MINUTE", "0")))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("retries.rateLimit.globalPerMinute: must be >= 1");
    assertThatThrownBy(() -> SettingsLoader.load(yaml("retries:\n  webhookMaxAttempts: -2\n"), Map.of()))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("retries.webhookMaxAttempts: must be >= 1");
    assertThatThrownBy(() -> SettingsLoader.load(yaml("retries:\n  webhookTimeout: 0s\n"), Map.of()))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("retries.webhookTimeout");
    assertThatThrownBy(() -> SettingsLoader.load(yaml("retries:\n  webhookUrl: ftp://engine/x\n"), Map.of()))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("retries.webhookUrl: must be an http(s) URL");
  }

  @Test
  @DisplayName("reads estimator.maxTrainingRows, maxHistoryRuns, keepModels, maxPendingEstimates from the file or SPARKPLANE_ESTIMATOR_* and refuses 0 naming the key")
  void estimatorLimits() throws Exception {
    ServerSettings.Estimator defaults = SettingsLoader.load(null, Map.of()).estimator();
    assertThat(defaults.maxTrainingRows()).isEqualTo(50_000);
    assertThat(defaults.maxHistoryRuns()).isEqualTo(2_000_000);
    assertThat(defaults.keepModels()).isEqualTo(10);
    assertThat(defaults.maxPendingEstimates()).isEqualTo(100_000);

    ServerSettings.Estimator file =
        SettingsLoader.load(
                yaml(
                    """
                    estimator:
                      maxTrainingRows: 20000
                      maxHistoryRuns: 500000
                      keepModels: 3
                      maxPendingEstimates: 1000
                    """),
                Map.of())
            .estimator();
    assertThat(file.maxTrainingRows()).isEqualTo(20_000);
    assertThat(file.maxHistoryRuns()).isEqualTo(500_000);
    assertThat(file.keepModels()).isEqualTo(3);
    assertThat(file.maxPendingEstimates()).isEqualTo(1_000);

    ServerSettings.Estimator env =
        SettingsLoader.load(
                null, Map.of("SPARKPLANE_ESTIMATOR_MAX_PENDING_ESTIMATES", "77", "SPARKPLANE_ESTIMATOR_KEEP_MODELS", "2"))
            .estimator();
    assertThat(env.maxPendingEstimates()).isEqualTo(77);
    assertThat(env.keepModels()).isEqualTo(2);

    assertThatThrownBy(() -> SettingsLoader.load(yaml("estimator:\n  keepModels: 0\n"), Map.of()))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("estimator.keepModels: must be between 1 and");
    assertThatThrownBy(() -> SettingsLoader.load(null, Map.of("SPARKPLANE_ESTIMATOR_MAX_TRAINING_ROWS", "0")))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("estimator.maxTrainingRows");
  }

  @Test
  @DisplayName("reads triage.metrics.maxFingerprints from the file or SPARKPLANE_TRIAGE_METRICS_MAX_FINGERPRINTS and refuses 0 naming the key")
  void triageFingerprints() throws Exception {
    assertThat(SettingsLoader.load(null, Map.of()).triage().metrics().maxFingerprints()).isEqualTo(200);
    ServerSettings.Triage file =
        SettingsLoader.load(yaml("triage:\n  enabled: true\n  metrics:\n    maxFingerprints: 50\n"), Map.of()).triage();
    assertThat(file.metrics().maxFingerprints()).isEqualTo(50);
    assertThat(file.enabled()).isTrue();
    assertThat(SettingsLoader.load(null, Map.of("SPARKPLANE_TRIAGE_METRICS_MAX_FINGERPRINTS", "1000"))
            .triage().metrics().maxFingerprints())
        .isEqualTo(1_000);
    assertThatThrownBy(() -> SettingsLoader.load(yaml("triage:\n  metrics:\n    maxFingerprints: 0\n"), Map.of()))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("triage.metrics.maxFingerprints: must be between 1 and");
  }

  @Test
  @DisplayName("reads collector.retryAfterSeconds from the file or SPARKPLANE_COLLECTOR_RETRY_AFTER_SECONDS and refuses 0 naming the key")
  void retryAfterSeconds() throws Exception {
    assertThat(SettingsLoader.load(yaml("collector:\n  retryAfterSeconds: 30\n"), Map.of())
            .collector().retryAfterSeconds())
        .isEqualTo(30);
    assertThat(SettingsLoader.load(null, Map.of("SPARKPLANE_COLLECTOR_RETRY_AFTER_SECONDS", "2"))
            .collector().retryAfterSeconds())
        .isEqualTo(2);
    assertThatThrownBy(() -> SettingsLoader.load(yaml("collector:\n  retryAfterSeconds: 0\n"), Map.of()))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("collector.retryAfterSeconds: must be between 1 and");
  }

  @Test
  @DisplayName("console.secureCookie follows server.tls unless set, from the file or SPARKPLANE_CONSOLE_SECURE_COOKIE")
  void secureCookie() throws Exception {
    Path keystore = Files.writeString(dir.resolve("server.p12"), "not read at load");
    Map<String, String> tls =
        Map.of("SPARKPLANE_SERVER_TLS_KEYSTORE", keystore.toString(), "SPARKPLANE_SERVER_TLS_KEYSTORE_PASSWORD", "x");
    assertThat(SettingsLoader.load(null, tls).console().secureCookie()).as("TLS on: Secure").isTrue();
    assertThat(SettingsLoader.load(null, Map.of()).console().secureCookie()).as("TLS off: plain").isFalse();
    assertThat(SettingsLoader.load(yaml("console:\n  secureCookie: true\n"), Map.of()).console().secureCookie())
        .as("behind an HTTPS proxy")
        .isTrue();
    assertThat(SettingsLoader.load(null, Map.of("SPARKPLANE_CONSOLE_SECURE_COOKIE", "true")).console().secureCookie())
        .isTrue();
    java.util.Map<String, String> tlsButPlain = new java.util.HashMap<>(tls);
    tlsButPlain.put("SPARKPLANE_CONSOLE_SECURE_COOKIE", "false");
    assertThat(SettingsLoader.load(null, tlsButPlain).console().secureCookie()).isFalse();
    assertThatThrownBy(() -> SettingsLoader.load(yaml("console:\n  secureCookie: sometimes\n"), Map.of()))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("secureCookie");
  }

  @Test
  @DisplayName("reads collector.extensionQueueCapacity from the file or SPARKPLANE_COLLECTOR_EXTENSION_QUEUE_CAPACITY and refuses 0 naming the key")
  void extensionQueueCapacity() throws Exception {
    assertThat(SettingsLoader.load(yaml("collector:\n  extensionQueueCapacity: 50000\n"), Map.of())
            .collector().extensionQueueCapacity())
        .isEqualTo(50_000);
    assertThat(SettingsLoader.load(null, Map.of("SPARKPLANE_COLLECTOR_EXTENSION_QUEUE_CAPACITY", "200"))
            .collector().extensionQueueCapacity())
        .isEqualTo(200);
    assertThatThrownBy(() -> SettingsLoader.load(yaml("collector:\n  extensionQueueCapacity: 0\n"), Map.of()))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("collector.extensionQueueCapacity");
  }

  @Test
  @DisplayName("reads collector.maxInflightPayloadBytes from the file or SPARKPLANE_COLLECTOR_MAX_INFLIGHT_PAYLOAD_BYTES and refuses one below 1 KiB naming the key")
  void inflightPayloadLimit() throws Exception {
    assertThat(SettingsLoader.load(yaml("collector:\n  maxInflightPayloadBytes: 8388608\n"), Map.of())
            .collector().maxInflightPayloadBytes())
        .isEqualTo(8_388_608);
    assertThat(SettingsLoader.load(null, Map.of("SPARKPLANE_COLLECTOR_MAX_INFLIGHT_PAYLOAD_BYTES", "65536"))
            .collector().maxInflightPayloadBytes())
        .isEqualTo(65_536);
    assertThatThrownBy(() -> SettingsLoader.load(yaml("collector:\n  maxInflightPayloadBytes: 10\n"), Map.of()))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("collector.maxInflightPayloadBytes");
  }

  @Test
  @DisplayName("reads console.tenantAccess and collector.metricsTokenHash from the file or the environment; a raw token is refused without echoing it")
  void consoleAndMetricsAccess() throws Exception {
    String hash = io.sparkplane.collector.auth.TokenHasher.hash("metrics-secret");
    ServerSettings s =
        SettingsLoader.load(
            yaml("console:\n  tenantAccess: true\ncollector:\n  metricsTokenHash: \"" + hash.toUpperCase(java.util.Locale.ROOT).replace("SHA256", "sha256") + "\"\n"),
            Map.of());
    assertThat(s.console().tenantAccess()).isTrue();
    assertThat(s.console().enabled()).isTrue();
    assertThat(s.collector().metricsTokenHash()).isEqualTo(hash);

    ServerSettings env =
        SettingsLoader.load(
            null, Map.of("SPARKPLANE_CONSOLE_TENANT_ACCESS", "true", "SPARKPLANE_COLLECTOR_METRICS_TOKEN_HASH", hash));
    assertThat(env.console().tenantAccess()).isTrue();
    assertThat(env.collector().metricsTokenHash()).isEqualTo(hash);

    assertThatThrownBy(() -> SettingsLoader.load(null, Map.of("SPARKPLANE_COLLECTOR_METRICS_TOKEN_HASH", "metrics-secret")))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("collector.metricsTokenHash: must be 'sha256:'")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("metrics-secret"));
    assertThatThrownBy(() -> SettingsLoader.load(yaml("console:\n  tenantAccess: maybe\n"), Map.of()))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("tenantAccess");
  }

  @Test
  @DisplayName("reads sections, durations and switches, and environment variables override them")
  void fileAndEnvironment() throws Exception {
    Path file =
        yaml(
            """
            server:
              port: 8080
            collector:
              heartbeatInterval: 500ms
              lostCheckInterval: PT2S
            estimator:
              enabled: false
            """);
    ServerSettings s =
        SettingsLoader.load(
            file,
            Map.of(
                "SPARKPLANE_SERVER_PORT", "9090",
                "SPARKPLANE_COLLECTOR_TENANTS_FILE", "/etc/sparkplane/tenants.yaml",
                "SPARKPLANE_TRIAGE_ENABLED", "false",
                "SPARKPLANE_JAVA_OPTS", "-Xmx1g",
                "PATH", "/usr/bin"));
    assertThat(s.server().port()).isEqualTo(9090);
    assertThat(s.collector().heartbeatInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(s.collector().lostCheckInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.collector().tenantsFile()).isEqualTo(Path.of("/etc/sparkplane/tenants.yaml"));
    assertThat(s.estimator().enabled()).isFalse();
    assertThat(s.triage().enabled()).isFalse();
  }

  @Test
  @DisplayName("names the key of an unknown setting, a value out of range, or a bad duration")
  void clearErrors() throws Exception {
    assertThatThrownBy(() -> SettingsLoader.load(yaml("server:\n  prot: 80\n"), Map.of()))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("prot");
    assertThatThrownBy(() -> SettingsLoader.load(yaml("server:\n  port: 70000\n"), Map.of()))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("server.port: must be between 0 and 65535");
    assertThatThrownBy(
            () -> SettingsLoader.load(yaml("collector:\n  heartbeatInterval: soon\n"), Map.of()))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("heartbeatInterval");
    assertThatThrownBy(() -> SettingsLoader.load(yaml("store:\n  type: elasticsearch\n"), Map.of()))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("store.elasticsearchUrl");
    assertThatThrownBy(() -> SettingsLoader.load(null, Map.of("SPARKPLANE_SERVER_PROT", "1")))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("SPARKPLANE_SERVER_PROT");
  }

  @Test
  @DisplayName("reads server.tls from the file or from SPARKPLANE_SERVER_TLS_* and checks the keystore is there with a password")
  void tls() throws Exception {
    Path keystore = Files.writeString(dir.resolve("server.p12"), "not read at load");
    assertThat(SettingsLoader.load(null, Map.of()).server().tls().enabled()).isFalse();
    ServerSettings fromFile =
        SettingsLoader.load(
            yaml("server:\n  tls:\n    keystore: " + keystore + "\n    keystorePassword: secret\n"), Map.of());
    assertThat(fromFile.server().tls().keystore()).isEqualTo(keystore);
    assertThat(fromFile.server().tls().enabled()).isTrue();
    ServerSettings fromEnv =
        SettingsLoader.load(
            null,
            Map.of(
                "SPARKPLANE_SERVER_TLS_KEYSTORE", keystore.toString(),
                "SPARKPLANE_SERVER_TLS_KEYSTORE_PASSWORD", "from-env",
                "SPARKPLANE_SERVER_TLS_KEY_PASSWORD", "key"));
    assertThat(fromEnv.server().tls().keystorePassword()).isEqualTo("from-env");
    assertThat(fromEnv.server().tls().keyPassword()).isEqualTo("key");

    assertThatThrownBy(
            () -> SettingsLoader.load(null, Map.of("SPARKPLANE_SERVER_TLS_KEYSTORE", keystore.toString())))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("server.tls.keystorePassword: is required");
    assertThatThrownBy(
            () -> SettingsLoader.load(yaml("server:\n  tls:\n    keystore: /no/such.p12\n    keystorePassword: x\n"), Map.of()))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("server.tls.keystore: is not a readable file");
    assertThatThrownBy(() -> SettingsLoader.load(null, Map.of("SPARKPLANE_SERVER_TLS_KEYSTORE_PASSWORD", "x")))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("server.tls.keystore: is required");
    assertThatThrownBy(() -> SettingsLoader.load(yaml("server:\n  tls:\n    keystroe: a\n"), Map.of()))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("keystroe");
  }
}
