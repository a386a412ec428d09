package io.sparkplane.server;

import static io.sparkplane.collector.TestEvents.finished;
import static io.sparkplane.collector.TestEvents.run;
import static io.sparkplane.collector.TestEvents.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkplane.collector.auth.GeneratedToken;
import io.sparkplane.collector.auth.TenantTokens;
import io.sparkplane.server.config.SettingsLoader;
import io.sparkplane.server.testing.LogCapture;
import io.sparkplane.wire.RunStatus;
import io.sparkplane.wire.TelemetryEvent;
import io.sparkplane.wire.TelemetryJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The control plane as the product composes it ({@link ControlPlane} from {@code sparkplane.yaml} with
 * a tenants file, triage, retries, alerting, estimator and console on, and a metrics token), with two
 * tenants, a revoked token and an operator. Per endpoint: one tenant's token on the other's data is
 * refused exactly as a missing resource is (no existence leak), missing, unknown and revoked tokens get
 * 401, operator APIs and the console (by default) refuse tenant tokens, {@code /metrics} wants its own
 * token, and no token ever appears in the server's log. A second control plane with {@code
 * console.tenantAccess: true} shows the tenant-scoped console keeps tenants apart.
 */
@DisplayName("Tenant isolation on every endpoint of the composed control plane")
class TenantIsolationIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ACME = "acme";
  private static final String GLOBEX = "globex";
  private static final String ACME_RUN = "acme-run-1";
  private static final String GLOBEX_RUN = "globex-run-1";
  private static final String NO_SUCH_RUN = "no-such-run-1";

  @TempDir static Path dir;

  private static final GeneratedToken acme = TenantTokens.generate();
  private static final GeneratedToken globex = TenantTokens.generate();
  private static final GeneratedToken revoked = TenantTokens.generate();
  private static final GeneratedToken operator = TenantTokens.generate();
  private static final GeneratedToken metrics = TenantTokens.generate();
  private static final String UNKNOWN = TenantTokens.generate().token();

  private static LogCapture logs;
  private static ControlPlane plane;
  private static ControlPlane tenantPlane;
  private static HttpClient http;
  private static URI base;
  /** The control plane with {@code console.tenantAccess: true}. */
  private static URI tenantBase;

  @BeforeAll
  static void start() throws Exception {
    logs = LogCapture.start();
    Path tenants = dir.resolve("tenants.yaml");
    Files.writeString(
        tenants,
        """
        tenants:
          acme: ["%s", "%s"]
          globex: ["%s"]
        operators: ["%s"]
        revoked: ["%s"]
        """
            .formatted(acme.hash(), revoked.hash(), globex.hash(), operator.hash(), revoked.hash()));
    Path alerting = dir.resolve("alerting.yaml");
    Files.writeString(alerting, "rules: {failureBurst: {threshold: 3, window: 1h}}\n");
    Path config = dir.resolve("sparkplane.yaml");
    Files.writeString(
        config,
        """
        server: {host: 127.0.0.1, port: 0, dataDir: "%s"}
        collector: {tenantsFile: "%s", metricsTokenHash: "%s"}
        alerting: {enabled: true, config: "%s"}
        estimator: {enabled: true, modelDir: "%s"}
        """
            .formatted(dir.resolve("data"), tenants, metrics.hash(), alerting, dir.resolve("models")));
    plane = ControlPlane.create(SettingsLoader.load(config, Map.of()));
    base = URI.create("http://127.0.0.1:" + plane.start());
    Path tenantConfig = dir.resolve("sparkplane-tenant-console.yaml");
    Files.writeString(
        tenantConfig,
        """
        server: {host: 127.0.0.1, port: 0, dataDir: "%s"}
        collector: {tenantsFile: "%s"}
        alerting: {enabled: true, config: "%s"}
        estimator: {enabled: false}
        console: {tenantAccess: true}
        """
            .formatted(dir.resolve("data-tenant-console"), tenants, alerting));
    tenantPlane = ControlPlane.create(SettingsLoader.load(tenantConfig, Map.of()));
    tenantBase = URI.create("http://127.0.0.1:" + tenantPlane.start());
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

    long submit = System.currentTimeMillis() - 120_000;
    List<TelemetryEvent> globexRuns = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      globexRuns.add(started(run(GLOBEX, "globex-run-" + i), submit));
      globexRuns.add(finished(run(GLOBEX, "globex-run-" + i), submit, RunStatus.FAILED));
    }
    for (URI target : List.of(base, tenantBase)) {
      List<TelemetryEvent> acmeRun = List.of(started(run(ACME, ACME_RUN), submit), finished(run(ACME, ACME_RUN), submit, RunStatus.FAILED));
      assertThat(send(target, "POST", "/api/v1/telemetry", body(acmeRun), "Bearer " + acme.token()).statusCode()).isEqualTo(200);
      assertThat(send(target, "POST", "/api/v1/telemetry", body(globexRuns), "Bearer " + globex.token()).statusCode()).isEqualTo(200);
    }
    // triage and alerting work on a background thread: wait until the operator sees both
    awaitStatus("/api/v1/runs/" + GLOBEX_RUN + "/triage?tenant=" + GLOBEX, 200);
    awaitStatus("/api/v1/runs/" + ACME_RUN + "/triage?tenant=" + ACME, 200);
    for (URI target : List.of(base, tenantBase)) {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!send(target, "GET", "/api/v1/alerts", null, "Bearer " + operator.token()).body().contains(GLOBEX)
          && System.nanoTime() < deadline) {
        Thread.sleep(250);
      }
    }
  }

  @AfterAll
  static void stop() {
    try {
      if (plane != null) {
        plane.close();
      }
      if (tenantPlane != null) {
        tenantPlane.close();
      }
    } finally {
      if (logs != null) {
        logs.close();
      }
    }
  }

  @Test
  @DisplayName("Ingest: a tenant token cannot write another tenant's telemetry (403 naming $.run.tenant), nothing stored")
  void ingest() throws Exception {
    long submit = System.currentTimeMillis();
    HttpResponse<String> response =
        ingest(acme.token(), List.of(started(run(ACME, "acme-sneaky"), submit), started(run(GLOBEX, "globex-sneaky"), submit)));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
    assertThat(json(response).path("field").asText()).isEqualTo("$.run.tenant");
    assertThat(get("/api/v1/runs/globex-sneaky?tenant=" + GLOBEX, operator.token()).statusCode()).isEqualTo(404);
    assertThat(get("/api/v1/runs/acme-sneaky?tenant=" + ACME, operator.token()).statusCode()).isEqualTo(404);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/api/v1/runs/%s", "/api/v1/runs/%s/triage", "/api/v1/runs/%s/retries", "/ui/runs/%s"})
  @DisplayName("Run, triage, retries and console run page (tenant access on): another tenant's run reads exactly like a missing one")
  void noExistenceLeak(String template) throws Exception {
    // the console admits tenants' tokens only with console.tenantAccess: true
    URI target = template.startsWith("/ui") ? tenantBase : base;
    HttpResponse<String> operatorView = get(target, template.formatted(GLOBEX_RUN) + "?tenant=" + GLOBEX, operator.token());
    HttpResponse<String> foreign = get(target, template.formatted(GLOBEX_RUN), acme.token());
    HttpResponse<String> missing = get(target, template.formatted(NO_SUCH_RUN), acme.token());
    assertThat(foreign.statusCode()).as(foreign.body()).isEqualTo(missing.statusCode()).isEqualTo(404);
    assertThat(foreign.body().replace(GLOBEX_RUN, "X")).isEqualTo(missing.body().replace(NO_SUCH_RUN, "X"));
    assertThat(foreign.body()).doesNotContain(GLOBEX + "\"");
    HttpResponse<String> named = get(target, template.formatted(GLOBEX_RUN) + "?tenant=" + GLOBEX, acme.token());
    HttpResponse<String> namedMissing = get(target, template.formatted(NO_SUCH_RUN) + "?tenant=" + GLOBEX, acme.token());
    assertThat(named.statusCode()).as(named.body()).isEqualTo(403).isEqualTo(namedMissing.statusCode());
    // the data is there: the operator reads it (the retries route may have no decision yet)
    assertThat(operatorView.statusCode()).as(operatorView.body()).isIn(200, 404);
    if (operatorView.statusCode() == 404) {
      assertThat(json(operatorView).path("reason").asText()).isNotEqualTo("not_found");
    }
  }

  @Test
  @DisplayName("Run list and console list (tenant access on): a tenant sees only its own runs; asking for another tenant is 403")
  void runLists() throws Exception {
    HttpResponse<String> own = get("/api/v1/runs?limit=100", acme.token());
    assertThat(own.statusCode()).isEqualTo(200);
    assertThat(own.body()).contains(ACME_RUN).doesNotContain(GLOBEX);
    assertThat(get("/api/v1/runs?tenant=" + GLOBEX, acme.token()).statusCode()).isEqualTo(403);
    assertThat(get("/api/v1/runs?limit=100", operator.token()).body()).contains(ACME_RUN, GLOBEX_RUN);
    HttpResponse<String> page = get(tenantBase, "/ui/runs", acme.token());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains(ACME_RUN).doesNotContain(GLOBEX_RUN);
    assertThat(get(tenantBase, "/ui/runs?tenant=" + GLOBEX, acme.token()).statusCode()).isEqualTo(403);
    assertThat(get(tenantBase, "/ui/runs", operator.token()).body()).contains(GLOBEX_RUN);
  }

  @Test
  @DisplayName("Alerts and console alerts (tenant access on): a tenant never sees another tenant's alerts")
  void alerts() throws Exception {
    assertThat(get("/api/v1/alerts", operator.token()).body()).as("the operator sees globex's burst").contains(GLOBEX);
    HttpResponse<String> own = get("/api/v1/alerts", acme.token());
    assertThat(own.statusCode()).isEqualTo(200);
    assertThat(own.body()).doesNotContain(GLOBEX);
    assertThat(get(tenantBase, "/ui/alerts", operator.token()).body()).as("the operator's console shows globex's burst").contains(GLOBEX);
    HttpResponse<String> page = get(tenantBase, "/ui/alerts", acme.token());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).doesNotContain(GLOBEX);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/ui/runs", "/ui/runs/acme-run-1", "/ui/runs/globex-run-1?tenant=globex", "/ui/alerts", "/ui/runs?token=%s"})
  @DisplayName("Console by default: a tenant's own token gets 403 operator_required on every page, the operator's 200")
  void consoleRequiresOperator(String template) throws Exception {
    String path = template.formatted(acme.token());
    HttpResponse<String> page = get(path, path.contains("token=") ? null : acme.token());
    assertThat(page.statusCode()).as(page.body()).isEqualTo(403);
    assertThat(page.body()).contains("requires an operator token").doesNotContain(GLOBEX_RUN).doesNotContain("id=\"runs\"");
    HttpResponse<String> asJson =
        send(base, "GET", path.replace("?token=" + acme.token(), ""), null, "Bearer " + acme.token(), "application/json");
    assertThat(asJson.statusCode()).isEqualTo(403);
    assertThat(json(asJson).path("reason").asText()).isEqualTo("operator_required");
    assertThat(json(asJson).path("field").asText()).isEqualTo("Authorization");
    String operatorPath = template.contains("%s") ? "/ui/runs" : template.contains("?") ? template : template + "?tenant=" + ACME;
    assertThat(get(operatorPath, operator.token()).statusCode()).as(operatorPath).isEqualTo(200);
  }

  @Test
  @DisplayName("Metrics with collector.metricsTokenHash: 401 without it, with a tenant's, the operator's or a wrong token, 200 with it; health stays open")
  void metricsToken() throws Exception {
    for (String authorization : new String[] {null, "Bearer " + acme.token(), "Bearer " + operator.token(), "Bearer " + UNKNOWN, "Bearer " + metrics.hash(), "Basic " + metrics.token()}) {
      HttpResponse<String> response = send("GET", "/metrics", null, authorization);
      assertThat(response.statusCode()).as("/metrics with %s", authorization).isEqualTo(401);
      assertThat(response.body()).doesNotContain(ACME).doesNotContain(GLOBEX);
    }
    HttpResponse<String> scrape = get("/metrics", metrics.token());
    assertThat(scrape.statusCode()).isEqualTo(200);
    assertThat(scrape.body()).contains("tenant=\"" + GLOBEX + "\"");
    assertThat(get("/health/live", null).statusCode()).isEqualTo(200);
    assertThat(get("/health/ready", null).statusCode()).isEqualTo(200);
    assertThat(get(tenantBase, "/metrics", null).statusCode()).as("open when no metrics token is set").isEqualTo(200);
  }

  @Test
  @DisplayName("Estimates: a tenant cannot ask for another tenant (403), and model administration needs an operator")
  void estimates() throws Exception {
    String request =
        """
        {"tenant":"%s","workload":"w","tables":[{"name":"t","rows":1000,"bytes":100000}]}
        """;
    HttpResponse<String> foreign = post("/api/v1/estimates", request.formatted(GLOBEX), acme.token());
    assertThat(foreign.statusCode()).as(foreign.body()).isEqualTo(403);
    assertThat(json(foreign).path("field").asText()).isEqualTo("tenant");
    assertThat(post("/api/v1/estimates", request.formatted(ACME), acme.token()).statusCode()).isEqualTo(200);
    assertThat(get("/api/v1/estimator/models", acme.token()).statusCode()).isEqualTo(403);
    assertThat(post("/api/v1/estimator/train", "", acme.token()).statusCode()).isEqualTo(403);
    assertThat(post("/api/v1/estimator/rollback", "", acme.token()).statusCode()).isEqualTo(403);
    assertThat(get("/api/v1/estimator/models", operator.token()).statusCode()).isEqualTo(200);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "POST /api/v1/telemetry",
        "GET /api/v1/runs",
        "GET /api/v1/runs/acme-run-1",
        "GET /api/v1/runs/acme-run-1/triage",
        "GET /api/v1/runs/acme-run-1/retries",
        "GET /api/v1/alerts",
        "POST /api/v1/estimates",
        "GET /api/v1/estimator/models",
        "POST /api/v1/estimator/train",
        "POST /api/v1/estimator/rollback",
        "GET /ui/runs",
        "GET /ui/runs/acme-run-1",
        "GET /ui/alerts"
      })
  @DisplayName("No token, an unknown token, a revoked token or another scheme: 401")
  void unauthenticated(String endpoint) throws Exception {
    String method = endpoint.substring(0, endpoint.indexOf(' '));
    String path = endpoint.substring(endpoint.indexOf(' ') + 1);
    for (String authorization : new String[] {null, "Bearer " + UNKNOWN, "Bearer " + revoked.token(), "Basic " + acme.token(), "Bearer "}) {
      HttpResponse<String> response = send(method, path, "[]", authorization);
      assertThat(response.statusCode()).as("%s with %s: %s", endpoint, authorization, response.body()).isEqualTo(401);
    }
  }

  @Test
  @DisplayName("Tokens are kept only as hashes: a tenants file holding a raw token is refused without echoing it")
  void tokensHashedAtRest() throws Exception {
    String tenants = Files.readString(dir.resolve("tenants.yaml"));
    assertThat(tenants).doesNotContain(acme.token(), globex.token(), operator.token(), revoked.token());
    GeneratedToken raw = TenantTokens.generate();
    Path file = dir.resolve("raw-tenants.yaml");
    Files.writeString(file, "tenants:\n  acme: [\"" + raw.token() + "\"]\n");
    assertThatThrownBy(() -> TenantTokens.load(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sha256:")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(raw.token()));
  }

  @Test
  @DisplayName("No token ever appears in the server's log, whatever the requests did")
  void tokensNeverLogged() throws Exception {
    // a console sign-in through the query parameter and a failing request, on top of everything above
    get("/ui/runs?token=" + acme.token(), null);
    get("/ui/runs/" + GLOBEX_RUN + "?token=" + acme.token(), null);
    post("/api/v1/telemetry", "{\"broken\":", globex.token());
    send("GET", "/api/v1/runs", null, "Bearer " + revoked.token());
    get("/metrics", metrics.token());
    get("/metrics", UNKNOWN);
    get(tenantBase, "/ui/runs?token=" + acme.token(), null);
    String logged = logs.text();
    assertThat(logged).as("the capture saw the server's log").isNotBlank();
    for (String token : List.of(acme.token(), globex.token(), operator.token(), revoked.token(), metrics.token(), UNKNOWN)) {
      assertThat(logged).doesNotContain(token);
    }
  }

  // ---- HTTP --------------------------------------------------------------------------------

  private static HttpResponse<String> ingest(String token, List<TelemetryEvent> events) throws Exception {
    return post("/api/v1/telemetry", body(events), token);
  }

  private static String body(List<TelemetryEvent> events) {
    return new String(TelemetryJson.toBytes(events), java.nio.charset.StandardCharsets.UTF_8);
  }

  private static HttpResponse<String> get(String path, @Nullable String token) throws Exception {
    return get(base, path, token);
  }

  private static HttpResponse<String> get(URI target, String path, @Nullable String token) throws Exception {
    return send(target, "GET", path, null, token == null ? null : "Bearer " + token);
  }

  private static HttpResponse<String> post(String path, String body, String token) throws Exception {
    return send("POST", path, body, "Bearer " + token);
  }

  private static HttpResponse<String> send(String method, String path, @Nullable String body, @Nullable String authorization)
      throws Exception {
    return send(base, method, path, body, authorization);
  }

  private static HttpResponse<String> send(
      URI target, String method, String path, @Nullable String body, @Nullable String authorization) throws Exception {
    return send(target, method, path, body, authorization, null);
  }

  private static HttpResponse<String> send(
      URI target, String method, String path, @Nullable String body, @Nullable String authorization, @Nullable String accept)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    if (accept != null) {
      request.header("Accept", accept);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void awaitStatus(String path, int status) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (get(path, operator.token()).statusCode() != status) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(path + " never answered " + status + ": " + get(path, operator.token()).body());
      }
      Thread.sleep(200);
    }
  }

  private static JsonNode json(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body());
  }
}
