package io.sparkplane.listener.spark35;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The Spark 3.5 listener's shaded jar")
class ShadedJarIT {

  private static List<String> entries;

  @BeforeAll
  static void readJar() {
    entries = ShadedJar.entryNames(ShadedJar.path());
  }

  @Test
  @DisplayName("contains the listener and the wire format it writes")
  void containsListenerAndWire() {
    assertThat(entries)
        .contains(
            "io/sparkplane/listener/SparkplaneListener.class",
            "io/sparkplane/listener/ship/TelemetryShipper.class",
            "io/sparkplane/wire/TelemetryEvent.class",
            "io/sparkplane/wire/TelemetryJson.class");
  }

  @Test
  @DisplayName("bundles Jackson, DDSketch and Failsafe only under io/sparkplane/shaded/")
  void dependenciesAreRelocated() {
    assertThat(entries).anyMatch(e -> e.startsWith("io/sparkplane/shaded/jackson/databind/"));
    assertThat(entries).anyMatch(e -> e.startsWith("io/sparkplane/shaded/jackson/core/"));
    assertThat(entries).anyMatch(e -> e.startsWith("io/sparkplane/shaded/ddsketch/"));
    assertThat(entries).anyMatch(e -> e.startsWith("io/sparkplane/shaded/failsafe/"));
    assertThat(entries)
        .noneMatch(e -> e.startsWith("com/fasterxml/"))
        .noneMatch(e -> e.startsWith("com/datadoghq/"))
        .noneMatch(e -> e.startsWith("dev/failsafe/"));
  }

  @Test
  @DisplayName("bundles the OpenTelemetry trace SDK and OTLP exporter only under io/sparkplane/shaded/otel/, with the JDK sender and without OkHttp, Kotlin or the metrics SDK")
  void openTelemetryIsRelocated() {
    assertThat(entries)
        .contains(
            "io/sparkplane/shaded/otel/sdk/trace/export/BatchSpanProcessor.class",
            "io/sparkplane/shaded/otel/exporter/otlp/http/trace/OtlpHttpSpanExporter.class",
            "io/sparkplane/shaded/otel/exporter/sender/jdk/internal/JdkHttpSenderProvider.class",
            "io/sparkplane/shaded/otel/api/trace/propagation/W3CTraceContextPropagator.class");
    assertThat(entries)
        .noneMatch(e -> e.startsWith("io/opentelemetry/"))
        .noneMatch(e -> e.startsWith("okhttp3/"))
        .noneMatch(e -> e.startsWith("kotlin/"))
        .noneMatch(e -> e.startsWith("io/sparkplane/shaded/otel/sdk/metrics/"));
  }

  @Test
  @DisplayName("carries neither Spark, Scala nor SLF4J: the driver provides those")
  void leavesSparkToTheDriver() {
    assertThat(entries)
        .noneMatch(e -> e.startsWith("org/apache/spark/"))
        .noneMatch(e -> e.startsWith("scala/"))
        .noneMatch(e -> e.startsWith("org/slf4j/"));
  }

  @Test
  @DisplayName("ships no service files and no multi-release classes that would escape relocation")
  void noUnrelocatedMetadata() {
    assertThat(entries)
        .noneMatch(e -> e.startsWith("META-INF/services/"))
        .noneMatch(e -> e.startsWith("META-INF/versions/"))
        .noneMatch(e -> e.endsWith("module-info.class"));
  }
}
