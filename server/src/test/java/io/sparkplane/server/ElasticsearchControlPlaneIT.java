package io.sparkplane.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.collector.testing.ElasticsearchExtension;
import io.sparkplane.collector.testing.ElasticsearchNode;
import io.sparkplane.server.config.ServerSettings;
import io.sparkplane.server.config.SettingsLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(ElasticsearchExtension.class)
@DisplayName("The control plane configured for Elasticsearch")
class ElasticsearchControlPlaneIT {

  @TempDir Path dataDir;

  @Test
  @DisplayName("stores replayed runs in Elasticsearch and serves them, selected by configuration alone")
  void storeSelectedByConfiguration(ElasticsearchNode node) throws Exception {
    ServerSettings settings =
        SettingsLoader.load(
            null,
            Map.of(
                "SPARKPLANE_STORE_TYPE", "elasticsearch",
                "SPARKPLANE_STORE_ELASTICSEARCH_URL", node.url(),
                "SPARKPLANE_STORE_INDEX_PREFIX", "control-plane-it",
                "SPARKPLANE_ESTIMATOR_ENABLED", "false"));
    try (ControlPlane plane =
        ControlPlane.create(Overrides.apply(settings, "127.0.0.1", 0, dataDir))) {
      assertThat(plane.parts()).contains("elasticsearch store");
      int port = plane.start();
      Path log =
          Path.of(System.getProperty("sparkplane.home", ".."), "examples", "eventlogs", "sparklens_local-1532512550423");
      assertThat(
              SparkplaneCli.commandLine()
                  .execute("replay", "--collector", "http://127.0.0.1:" + port, "--tenant", "es-tenant", log.toString()))
          .isZero();
      CollectorClient api = new CollectorClient(port);
      JsonNode run = api.awaitRun("local-1532512550423", "SUCCEEDED", Duration.ofSeconds(30));
      assertThat(run.path("identity").path("tenant").asText()).isEqualTo("es-tenant");
      assertThat(run.path("summary").path("totals").path("tasks").asLong()).isEqualTo(8);
      assertThat(api.get("/health/ready").statusCode()).isEqualTo(200);
    }
  }
}
