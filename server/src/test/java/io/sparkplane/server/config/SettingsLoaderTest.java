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
