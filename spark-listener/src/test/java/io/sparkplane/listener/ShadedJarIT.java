package io.sparkplane.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Checks the jar a Spark 4 driver loads: the {@code shaded} artifact the package phase attached. Its
 * name comes from the {@code pom.properties} the jar plugin writes, so a stale jar of another version
 * in {@code target/} is never the one tested.
 */
@DisplayName("The Spark 4 listener's shaded jar")
class ShadedJarIT {

  private static Path jar;
  private static List<String> entries;

  @BeforeAll
  static void readJar() throws IOException {
    Path target = Path.of(System.getProperty("user.dir"), "target");
    Properties pom = new Properties();
    try (InputStream in =
        Files.newInputStream(target.resolve("maven-archiver").resolve("pom.properties"))) {
      pom.load(in);
    }
    jar =
        target.resolve(
            pom.getProperty("artifactId") + "-" + pom.getProperty("version") + "-shaded.jar");
    assertThat(jar).as("shaded jar built by the package phase").isRegularFile();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      entries = Collections.list(zip.entries()).stream().map(ZipEntry::getName).toList();
    }
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
