package io.sparkplane.collector.store.elasticsearch;

import static io.sparkplane.collector.TestEvents.heartbeat;
import static io.sparkplane.collector.TestEvents.run;
import static io.sparkplane.collector.TestEvents.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.collector.store.StoreException;
import io.sparkplane.collector.testing.ElasticsearchExtension;
import io.sparkplane.collector.testing.ElasticsearchNode;
import io.sparkplane.wire.RunIdentity;
import io.sparkplane.wire.TelemetryEvent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The store's health while Elasticsearch refuses writes through a block, which leaves cluster
 * health green: {@code index.blocks.write}, {@code index.blocks.read_only}, {@code
 * index.blocks.read_only_allow_delete} (what the flood-stage disk watermark sets) and the
 * cluster-wide {@code cluster.blocks.read_only}, each put and lifted on a real node. Readiness must
 * say what an append would meet.
 */
@DisplayName("Elasticsearch store health under write blocks")
@ExtendWith(ElasticsearchExtension.class)
class ElasticsearchWriteBlockIT {

  /** September 2025: the store writes to the 2025.09 indices (and would to 2025.08). */
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-09-15T12:00:00Z"), ZoneOffset.UTC);
  private static final long SEPTEMBER = Instant.parse("2025-09-10T00:00:00Z").toEpochMilli();
  private static final long JUNE = Instant.parse("2025-06-10T00:00:00Z").toEpochMilli();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private ElasticsearchNode node;
  private ElasticsearchStoreConfig config;
  private ElasticsearchRunStore store;

  @BeforeEach
  void open(ElasticsearchNode es) {
    node = es;
    config = ElasticsearchTestStores.freshConfig(es);
    store = ElasticsearchRunStore.open(config, CLOCK);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  @DisplayName("A fresh store whose indices do not exist yet is healthy")
  void freshStore() {
    assertThat(store.isHealthy()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"index.blocks.write", "index.blocks.read_only", "index.blocks.read_only_allow_delete"})
  @DisplayName("A write block on this month's events index makes the store unhealthy, as appends then fail, and healthy again once it lifts")
  void indexBlock(String setting) throws Exception {
    RunIdentity id = run("acme", "blocked-" + setting.substring(setting.lastIndexOf('.') + 1));
    TelemetryEvent beat = heartbeat(id, SEPTEMBER + 1_000, 1);
    store.append(List.of(started(id, SEPTEMBER)));
    assertThat(store.isHealthy()).as("before the block").isTrue();
    String events = "/" + config.indexPrefix() + "-events-2025.09/_settings";

    settings(events, "{\"" + setting + "\": true}");
    try {
      assertThat(clusterHealth()).as("cluster health under the block").isNotEqualTo("red");
      assertThat(store.isHealthy()).as("with %s on", setting).isFalse();
      assertThatThrownBy(() -> store.append(List.of(beat)))
          .as("what readiness warns of")
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("blocked by");
    } finally {
      settings(events, "{\"" + setting + "\": null}");
    }

    assertThat(store.isHealthy()).as("after %s lifted", setting).isTrue();
    store.append(List.of(beat)); // the listener's resend
    assertThat(store.findRun("acme", id.runId()).orElseThrow().eventCount()).isEqualTo(2);
  }

  @Test
  @DisplayName("A write block on the run or attachment index of this month makes the store unhealthy too")
  void otherKinds() throws Exception {
    store.append(List.of(started(run("acme", "kinds"), SEPTEMBER)));
    for (String kind : List.of("runs", "attachments")) {
      // the attachments index is created with its first document; create it empty to block it
      es("PUT", "/" + config.indexPrefix() + "-" + kind + "-2025.09", null, true);
      String path = "/" + config.indexPrefix() + "-" + kind + "-2025.09/_settings";
      settings(path, "{\"index.blocks.write\": true}");
      try {
        assertThat(store.isHealthy()).as("write block on the %s index", kind).isFalse();
      } finally {
        settings(path, "{\"index.blocks.write\": null}");
      }
      assertThat(store.isHealthy()).as("after the block on the %s index lifted", kind).isTrue();
    }
  }

  @Test
  @DisplayName("A write block on an older month, which the store no longer writes to, leaves it healthy")
  void olderMonth() throws Exception {
    store.append(List.of(started(run("acme", "june"), JUNE), started(run("acme", "september"), SEPTEMBER)));
    String june = "/" + config.indexPrefix() + "-*-2025.06/_settings";
    settings(june, "{\"index.blocks.read_only\": true}");
    try {
      assertThat(store.isHealthy()).isTrue();
    } finally {
      // a read-only index could not be deleted by a later test's clean-up
      settings(june, "{\"index.blocks.read_only\": null}");
    }
  }

  @Test
  @DisplayName("A cluster-wide read-only block makes the store unhealthy, and healthy again once it lifts")
  void clusterBlock() throws Exception {
    store.append(List.of(started(run("acme", "cluster"), SEPTEMBER)));
    es("PUT", "/_cluster/settings", "{\"persistent\": {\"cluster.blocks.read_only\": true}}", false);
    try {
      assertThat(store.isHealthy()).isFalse();
    } finally {
      es("PUT", "/_cluster/settings", "{\"persistent\": {\"cluster.blocks.read_only\": null}}", false);
    }
    assertThat(store.isHealthy()).isTrue();
  }

  private String clusterHealth() throws IOException, InterruptedException {
    String body = es("GET", "/_cluster/health", null, false);
    return io.sparkplane.wire.TelemetryJson.mapper().readTree(body).path("status").asText();
  }

  private void settings(String path, String json) throws IOException, InterruptedException {
    assertThat(es("PUT", path, json, false)).as("PUT %s %s", path, json).contains("\"acknowledged\":true");
  }

  /** One request to the node; a non-2xx answer fails the test unless {@code tolerateExisting} and it is a 400. */
  private String es(String method, String path, String json, boolean tolerateExisting)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(node.url() + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
            .build();
    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2 && !(tolerateExisting && r.body().contains("resource_already_exists_exception"))) {
      throw new AssertionError(method + " " + path + " -> " + r.statusCode() + " " + r.body());
    }
    return r.body();
  }
}
