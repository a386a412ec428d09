package io.sparkplane.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CollectorConfigTest {

  @Test
  @DisplayName("Defaults: port 7070, ./data, 4 MiB payloads, Retry-After 5 s")
  void defaults() {
    CollectorConfig config = CollectorConfig.defaults();

    assertThat(config.port()).isEqualTo(7070);
    assertThat(config.host()).isEqualTo("0.0.0.0");
    assertThat(config.dataDir()).isEqualTo(Path.of("data"));
    assertThat(config.maxPayloadBytes()).isEqualTo(4 * 1024 * 1024);
    assertThat(config.retryAfterSeconds()).isEqualTo(5);
    assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.extensionQueueCapacity()).isEqualTo(10_000);
  }

  @Test
  @DisplayName("Withers change one setting and keep the rest")
  void withers() {
    CollectorConfig config =
        CollectorConfig.defaults().withPort(0).withDataDir(Path.of("/tmp/x")).withExtensionQueueCapacity(20);

    assertThat(config.port()).isZero();
    assertThat(config.extensionQueueCapacity()).isEqualTo(20);
    assertThat(config.dataDir()).isEqualTo(Path.of("/tmp/x"));
    assertThat(config.maxPayloadBytes()).isEqualTo(CollectorConfig.DEFAULT_MAX_PAYLOAD_BYTES);
  }

  @Test
  @DisplayName("Invalid settings are refused with the setting's name")
  void validation() {
    assertThatThrownBy(() -> CollectorConfig.defaults().withPort(70_000)).hasMessageContaining("port");
    assertThatThrownBy(() -> CollectorConfig.defaults().withMaxPayloadBytes(0))
        .hasMessageContaining("maxPayloadBytes");
    assertThatThrownBy(() -> CollectorConfig.defaults().withRetryAfterSeconds(0))
        .hasMessageContaining("retryAfterSeconds");
    assertThatThrownBy(() -> CollectorConfig.defaults().withShutdownTimeout(Duration.ofSeconds(-1)))
        .hasMessageContaining("shutdownTimeout");
    assertThatThrownBy(() -> CollectorConfig.defaults().withExtensionQueueCapacity(0))
        .hasMessageContaining("extensionQueueCapacity");
  }
}
