package io.sparkplane.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.collector.CollectorConfig;
import io.sparkplane.collector.CollectorServer;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A Spark application with the listener attached by two --conf flags")
class ListenerToCollectorIT {

  @TempDir Path dataDir;

  @Test
  @DisplayName("is stored by the collector and readable over the run API, failed job runs included")
  void sparkRunsReachTheStore() throws Exception {
    try (CollectorServer collector =
        CollectorServer.builder(CollectorConfig.defaults().withPort(0).withDataDir(dataDir)).build()) {
      CollectorClient api = new CollectorClient(collector.start());
      SparkSession spark =
          SparkSession.builder()
              .master("local[2]")
              .appName("e2e-listener")
              .config("spark.ui.enabled", "false")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.sql.shuffle.partitions", "4")
              .config("spark.extraListeners", "io.sparkplane.listener.SparkplaneListener")
              .config("spark.sparkplane.collector.url", api.url())
              .config("spark.sparkplane.tenant", "acme")
              .config("spark.sparkplane.region", "eu-west-1")
              .config("spark.sparkplane.run.idleTimeout", "500ms")
              .config("spark.sparkplane.heartbeat.interval", "250ms")
              .getOrCreate();
      String appId = spark.sparkContext().applicationId();
      try {
        spark.range(0, 100_000, 1, 4).selectExpr("id % 10 AS k").groupBy("k").count().collect();

        spark.sparkContext().setLocalProperty("sparkplane.run.id", "nightly-failing-1");
        spark.sparkContext().setLocalProperty("sparkplane.workload", "nightly");
        UDF1<Long, Long> explode =
            id -> {
              if (id == 7L) {
                throw new IllegalArgumentException("bad record 7");
              }
              return id;
            };
        assertThatThrownBy(
                () ->
                    spark
                        .range(0, 20, 1, 2)
                        .select(functions.udf(explode, DataTypes.LongType).apply(functions.col("id")))
                        .collect())
            .hasMessageContaining("bad record 7");
        spark.sparkContext().setLocalProperty("sparkplane.run.id", null);

        JsonNode failed = api.awaitRun("nightly-failing-1", "FAILED", Duration.ofSeconds(60));
        assertThat(failed.path("identity").path("tenant").asText()).isEqualTo("acme");
        assertThat(failed.path("identity").path("workload").asText()).isEqualTo("nightly");
        assertThat(failed.path("summary").path("failure").path("message").asText())
            .contains("bad record 7");
        assertThat(failed.path("summary").path("failure").path("failedStageId").isInt()).isTrue();
      } finally {
        spark.stop();
      }

      JsonNode app = api.awaitRun(appId, "SUCCEEDED", Duration.ofSeconds(30));
      assertThat(app.path("identity").path("region").asText()).isEqualTo("eu-west-1");
      assertThat(app.path("summary").path("totals").path("tasks").asLong()).isGreaterThanOrEqualTo(5);
      assertThat(app.path("summary").path("totals").path("shuffleWriteBytes").asLong()).isPositive();
      assertThat(app.path("summary").path("listener").path("telemetryDropped").asLong()).isZero();

      JsonNode listing = api.json("/api/v1/runs?tenant=acme&status=FAILED");
      assertThat(listing.path("runs")).hasSize(1);
      assertThat(listing.path("runs").get(0).path("identity").path("runId").asText())
          .isEqualTo("nightly-failing-1");
      String metrics = api.get("/metrics").body();
      assertThat(metrics).contains("sparkplane_runs_finished_total");
    }
  }
}
