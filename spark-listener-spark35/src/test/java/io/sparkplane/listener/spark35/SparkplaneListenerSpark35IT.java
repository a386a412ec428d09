package io.sparkplane.listener.spark35;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.sparkplane.wire.EventType;
import io.sparkplane.wire.RunStatus;
import io.sparkplane.wire.RunSummary;
import io.sparkplane.wire.TelemetryEvent;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.scheduler.SparkListenerInterface;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs a real local Spark 3.5 application with the listener from this module's shaded jar, as a
 * driver would load it from {@code --jars}, and checks what reaches a stand-in collector.
 */
@DisplayName("SparkplaneListener from the shaded jar in a Spark 3.5 driver")
class SparkplaneListenerSpark35IT {

  private static final String LISTENER = "io.sparkplane.listener.SparkplaneListener";
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String ENGINE_SPAN_ID = "00f067aa0ba902b7";
  private static final String TRACEPARENT = "00-" + TRACE_ID + "-" + ENGINE_SPAN_ID + "-01";

  @TempDir Path tmp;

  @Test
  @DisplayName("reports a run with a shuffle: started, then finished SUCCEEDED with tasks and shuffle reads; traces it by OTLP under the job's traceparent")
  void reportsRunWithShuffle() {
    assertTimeoutPreemptively(Duration.ofMinutes(3), this::runApplicationAndCheckTelemetry);
  }

  private void runApplicationAndCheckTelemetry() throws Exception {
    Path jar = ShadedJar.path();
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    try (CollectorStub collector = new CollectorStub();
        URLClassLoader shaded = ShadedJar.loader(jar, previous)) {
      // Spark instantiates spark.extraListeners through the context class loader.
      Thread.currentThread().setContextClassLoader(shaded);
      List<Row> counts;
      SparkSession spark = newSession(collector.url());
      try {
        assertListenerComesFrom(spark, shaded);
        spark.sparkContext().setLocalProperty("traceparent", TRACEPARENT);
        counts =
            spark
                .range(0, 10_000, 1, 4)
                .groupBy(col("id").mod(10).as("bucket"))
                .count()
                .collectAsList();
      } finally {
        // Application end flushes telemetry before stop() returns.
        spark.stop();
        Thread.currentThread().setContextClassLoader(previous);
      }
      assertThat(counts).hasSize(10).allSatisfy(r -> assertThat(r.getLong(1)).isEqualTo(1_000L));

      TelemetryEvent finished =
          collector
              .await(e -> e.type() == EventType.RUN_FINISHED, Duration.ofSeconds(30))
              .orElseThrow(() -> new AssertionError("no RUN_FINISHED: " + collector.events()));
      assertThat(collector.rejected()).as("bodies the collector could not parse").isEmpty();
      assertThat(collector.events())
          .filteredOn(e -> e.type() == EventType.RUN_STARTED)
          .singleElement()
          .satisfies(
              started -> {
                assertThat(started.run().runId()).isEqualTo(finished.run().runId());
                assertThat(started.started().resources().sparkVersion()).startsWith("3.5.");
                assertThat(started.started().resources().master()).isEqualTo("local[2]");
              });

      RunSummary summary = finished.summary();
      assertThat(summary.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(summary.totals().tasks()).isPositive();
      assertThat(summary.progress().completedJobs()).isPositive();
      assertThat(summary.progress().failedJobs()).isZero();
      assertThat(summary.stages())
          .as("stages of the run")
          .anySatisfy(s -> assertThat(s.totals().shuffleReadBytes()).isPositive())
          .anySatisfy(s -> assertThat(s.totals().shuffleWriteBytes()).isPositive());
      assertThat(summary.listener().telemetryDropped()).isZero();

      // Tracing (spark.sparkplane.otel.endpoint): spans exported by OTLP/HTTP from the relocated SDK,
      // the summary names the run span in the engine's trace, and the ingest POST carries it.
      assertThat(collector.otlpTraceRequests()).as("OTLP span exports").isNotEmpty();
      // The batch processor may export stage spans before the run span ends: read every export.
      String spans =
          collector.otlpTraceRequests().stream()
              .map(body -> new String(body, StandardCharsets.ISO_8859_1))
              .collect(Collectors.joining());
      assertThat(spans).contains("spark.run", "spark.stage", "sparkplane-spark35-it");
      assertThat(summary.traceparent()).startsWith("00-" + TRACE_ID + "-").doesNotContain(ENGINE_SPAN_ID);
      assertThat(collector.traceparents()).contains(summary.traceparent());
    }
  }

  private SparkSession newSession(String collectorUrl) {
    return SparkSession.builder()
        .master("local[2]")
        .appName("sparkplane-spark35-it")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.warehouse.dir", tmp.resolve("warehouse").toString())
        .config("spark.extraListeners", LISTENER)
        .config("spark.sparkplane.collector.url", collectorUrl)
        .config("spark.sparkplane.flush.timeout", "10s")
        .config("spark.sparkplane.otel.endpoint", collectorUrl)
        .getOrCreate();
  }

  /** Guards the test itself: the unshaded classes on the test classpath must not be the ones used. */
  private static void assertListenerComesFrom(SparkSession spark, ClassLoader shaded) {
    List<SparkListenerInterface> listeners = spark.sparkContext().listenerBus().listeners();
    assertThat(listeners)
        .filteredOn(l -> l.getClass().getName().equals(LISTENER))
        .singleElement()
        .satisfies(l -> assertThat(l.getClass().getClassLoader()).isSameAs(shaded));
  }
}
