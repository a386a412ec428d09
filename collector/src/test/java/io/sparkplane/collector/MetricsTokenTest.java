package io.sparkplane.collector;

import static io.sparkplane.collector.TestHttp.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.collector.auth.GeneratedToken;
import io.sparkplane.collector.auth.TenantTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /metrics} over real HTTP, with and without {@code metricsTokenHash}. */
@DisplayName("The metrics endpoint's optional bearer token")
class MetricsTokenTest {

  @TempDir Path dir;

  private CollectorServer start(CollectorConfig config) {
    return CollectorServer.builder(config.withHost("127.0.0.1").withPort(0).withDataDir(dir.resolve("data"))).build();
  }

  @Test
  @DisplayName("With a metrics token set, /metrics answers 401 without a token, with a wrong or malformed one, and 200 with it; health stays open")
  void tokenRequired() throws Exception {
    GeneratedToken metrics = TenantTokens.generate();
    try (CollectorServer server = start(CollectorConfig.defaults().withMetricsTokenHash(metrics.hash()))) {
      int port = server.start();
      TestHttp http = new TestHttp(port);

      HttpResponse<String> none = http.get("/metrics", null);
      assertError(none, 401, "unauthorized", "Authorization");
      assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
      assertThat(none.body()).doesNotContain("sparkplane_");
      assertError(http.get("/metrics", TenantTokens.generate().token()), 401, "unauthorized", "Authorization");
      assertError(http.get("/metrics", metrics.hash()), 401, "unauthorized", "Authorization");
      assertError(http.get("/metrics", metrics.token() + "x"), 401, "unauthorized", "Authorization");
      assertError(basic(port, "/metrics"), 401, "unauthorized", "Authorization");

      HttpResponse<String> ok = http.get("/metrics", metrics.token());
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
      assertThat(ok.body()).contains("# TYPE");

      assertThat(http.get("/health/live", null).statusCode()).isEqualTo(200);
      assertThat(http.get("/health/ready", null).statusCode()).isEqualTo(200);
    }
  }

  @Test
  @DisplayName("Without a metrics token, /metrics is open as before")
  void openByDefault() throws Exception {
    try (CollectorServer server = start(CollectorConfig.defaults())) {
      TestHttp http = new TestHttp(server.start());
      assertThat(http.get("/metrics", null).statusCode()).isEqualTo(200);
      assertThat(http.get("/metrics", "anything").statusCode()).isEqualTo(200);
    }
  }

  @Test
  @DisplayName("A metrics token setting that is not a token hash is refused at configuration, naming the field")
  void plainTokenRefused() {
    assertThatThrownBy(() -> CollectorConfig.defaults().withMetricsTokenHash("spk_plain"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("metricsTokenHash")
        .hasMessageNotContaining("spk_plain");
    String upper = TenantTokens.generate().hash().toUpperCase(java.util.Locale.ROOT).replace("SHA256:", "sha256:");
    assertThat(CollectorConfig.defaults().withMetricsTokenHash(upper).metricsTokenHash()).isEqualTo(upper.toLowerCase(java.util.Locale.ROOT));
  }

  private static HttpResponse<String> basic(int port, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Authorization", "Basic dTpw").build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
