package io.sparkplane.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkplane.collector.CollectorConfig;
import io.sparkplane.collector.store.elasticsearch.ElasticsearchStoreConfig;
import io.sparkplane.console.ConsoleSettings;
import io.sparkplane.estimator.EstimatorSettings;
import io.sparkplane.server.config.ServerSettings;
import io.sparkplane.server.config.SettingsLoader;
import io.sparkplane.triage.TriageMeterSettings;
import io.sparkplane.triage.retry.RetrySettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link ControlPlane#create} hands each part: every key of {@code sparkplane.yaml} reaches the
 * part's own settings, and absent keys leave the part's own defaults.
 */
@DisplayName("The control plane's parts get their sparkplane.yaml keys")
class ControlPlaneTest {

  @TempDir Path dir;

  private ServerSettings load(String yaml, Map<String, String> env) throws Exception {
    Path file = Files.writeString(dir.resolve("sparkplane.yaml"), yaml);
    return SettingsLoader.load(file, env);
  }

  @Test
  @DisplayName("each part's limits, from the file and the environment, reach the part's settings")
  void keysReachTheParts() throws Exception {
    ServerSettings s =
        load(
            """
            collector:
              retryAfterSeconds: 17
            store:
              elasticsearchUrl: http://es:9200
              indexPrefix: fleet
              requestTimeout: 25s
              healthTimeout: 3s
              maxConnections: 64
              maxConflictRetries: 4
              writtenRunsCacheSize: 0
              scanPageSize: 250
            triage:
              metrics:
                maxFingerprints: 40
            retries:
              maxAttempts: 2
              rateLimit:
                globalPerMinute: 60
              webhookMaxAttempts: 9
            estimator:
              maxTrainingRows: 1234
              maxHistoryRuns: 5678
              keepModels: 4
            console:
              tenantAccess: true
            """,
            Map.of(
                "SPARKPLANE_RETRIES_RATE_LIMIT_TENANT_PER_MINUTE", "6",
                "SPARKPLANE_RETRIES_WEBHOOK_TIMEOUT", "750ms",
                "SPARKPLANE_ESTIMATOR_MAX_PENDING_ESTIMATES", "321",
                "SPARKPLANE_CONSOLE_SECURE_COOKIE", "true"));

    assertThat(ControlPlane.collectorConfig(s).retryAfterSeconds()).isEqualTo(17);

    ElasticsearchStoreConfig es = ControlPlane.elasticsearchConfig(s.store());
    assertThat(es.url()).isEqualTo(URI.create("http://es:9200"));
    assertThat(es.indexPrefix()).isEqualTo("fleet");
    assertThat(es.requestTimeout()).isEqualTo(Duration.ofSeconds(25));
    assertThat(es.healthTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(es.maxConnections()).isEqualTo(64);
    assertThat(es.maxConflictRetries()).isEqualTo(4);
    assertThat(es.writtenRunsCacheSize()).isZero();
    assertThat(es.scanPageSize()).isEqualTo(250);

    assertThat(ControlPlane.triageMeterSettings(s.triage()).maxFingerprints()).isEqualTo(40);

    RetrySettings retry = ControlPlane.retrySettings(s.retries());
    assertThat(retry.maxAttempts()).isEqualTo(2);
    assertThat(retry.tenantRetriesPerMinute()).isEqualTo(6);
    assertThat(retry.globalRetriesPerMinute()).isEqualTo(60);
    assertThat(retry.webhookTimeout()).isEqualTo(Duration.ofMillis(750));
    assertThat(retry.webhookMaxAttempts()).isEqualTo(9);

    EstimatorSettings estimator = ControlPlane.estimatorSettings(s);
    assertThat(estimator.maxTrainingRows()).isEqualTo(1_234);
    assertThat(estimator.maxHistoryRuns()).isEqualTo(5_678);
    assertThat(estimator.keepModels()).isEqualTo(4);
    assertThat(estimator.maxPendingEstimates()).isEqualTo(321);

    ConsoleSettings console = ControlPlane.consoleSettings(s.console());
    assertThat(console.secureCookie()).as("set without TLS: behind an HTTPS proxy").isTrue();
    assertThat(console.tenantAccess()).isTrue();
  }

  @Test
  @DisplayName("without keys each part gets exactly its own defaults")
  void defaultsAreTheParts() {
    ServerSettings s = SettingsLoader.load(null, Map.of("SPARKPLANE_STORE_ELASTICSEARCH_URL", "http://es:9200"));
    assertThat(ControlPlane.collectorConfig(s)).isEqualTo(CollectorConfig.defaults());
    assertThat(ControlPlane.elasticsearchConfig(s.store()))
        .isEqualTo(ElasticsearchStoreConfig.defaults(URI.create("http://es:9200")));
    assertThat(ControlPlane.triageMeterSettings(s.triage())).isEqualTo(TriageMeterSettings.defaults());
    assertThat(ControlPlane.retrySettings(s.retries())).isEqualTo(RetrySettings.defaults());
    assertThat(ControlPlane.estimatorSettings(s))
        .isEqualTo(EstimatorSettings.builder().modelDir(Path.of("data", "estimator")).build());
    assertThat(ControlPlane.consoleSettings(s.console())).isEqualTo(ConsoleSettings.defaults());
  }

  @Test
  @DisplayName("with server.tls on, the console's token cookie is Secure unless console.secureCookie says otherwise")
  void tlsMakesTheCookieSecure() throws Exception {
    Path keystore = Files.writeString(dir.resolve("server.p12"), "not opened by these settings");
    Map<String, String> tls =
        Map.of("SPARKPLANE_SERVER_TLS_KEYSTORE", keystore.toString(), "SPARKPLANE_SERVER_TLS_KEYSTORE_PASSWORD", "x");
    assertThat(ControlPlane.consoleSettings(SettingsLoader.load(null, tls).console()).secureCookie()).isTrue();
    assertThat(ControlPlane.consoleSettings(load("console:\n  secureCookie: false\n", tls).console()).secureCookie())
        .isFalse();
    assertThat(ControlPlane.consoleSettings(SettingsLoader.load(null, Map.of()).console()).secureCookie()).isFalse();
  }
}
