package io.sparkplane.triage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sparkplane.triage.TriageClass;
import io.sparkplane.triage.TriageExtension;
import io.sparkplane.triage.TriageMeterSettings;
import io.sparkplane.triage.TriageSettings;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Triage meters")
class TriageMetricsTest {

  @Test
  @DisplayName("count verdicts by tenant and class, and runs by fingerprint, fingerprints past the cap under _other")
  void fingerprintsCapped() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new TriageExtension(TriageSettings.defaults(), new TriageMeterSettings(2))
        .meterFilters()
        .forEach(registry.config()::meterFilter);
    TriageMetrics metrics = new TriageMetrics(registry);

    metrics.verdict("acme", TriageClass.DATA_SKEW, "DATA_SKEW-a");
    metrics.verdict("acme", TriageClass.DATA_SKEW, "DATA_SKEW-a");
    metrics.verdict("globex", TriageClass.DISK_FULL, "DISK_FULL-b");
    metrics.verdict("globex", TriageClass.DISK_FULL, "DISK_FULL-c");
    metrics.verdict("initech", TriageClass.DISK_FULL, "DISK_FULL-d");

    assertThat(registry.get(TriageMetrics.VERDICTS).tags("tenant", "acme", "class", "DATA_SKEW").counter().count()).isEqualTo(2);
    assertThat(registry.get(TriageMetrics.VERDICTS).tags("tenant", "globex", "class", "DISK_FULL").counter().count()).isEqualTo(2);
    assertThat(registry.get(TriageMetrics.FINGERPRINT_RUNS).tag("fingerprint", "DATA_SKEW-a").counter().count()).isEqualTo(2);
    assertThat(registry.get(TriageMetrics.FINGERPRINT_RUNS).tag("fingerprint", "DISK_FULL-b").counter().count()).isEqualTo(1);
    assertThat(registry.get(TriageMetrics.FINGERPRINT_RUNS).tags("fingerprint", "_other", "class", "DISK_FULL").counter().count())
        .isEqualTo(2);
    assertThat(registry.find(TriageMetrics.FINGERPRINT_RUNS).tag("fingerprint", "DISK_FULL-c").counter()).isNull();
  }

  @Test
  @DisplayName("read triage.metrics.maxFingerprints, default 200, and refuse a bad value naming the key")
  void settings() {
    assertThat(TriageMeterSettings.fromProperties(Map.of()).maxFingerprints()).isEqualTo(200);
    assertThat(TriageMeterSettings.fromProperties(Map.of("triage.metrics.maxFingerprints", " 50 ")).maxFingerprints())
        .isEqualTo(50);
    assertThatThrownBy(() -> TriageMeterSettings.fromProperties(Map.of("triage.metrics.maxFingerprints", "many")))
        .hasMessageContaining("triage.metrics.maxFingerprints");
    assertThatThrownBy(() -> TriageMeterSettings.fromProperties(Map.of("triage.metrics.maxFingerprints", "0")))
        .hasMessageContaining("triage.metrics.maxFingerprints");
  }
}
