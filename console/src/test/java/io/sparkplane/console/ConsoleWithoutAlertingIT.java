package io.sparkplane.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkplane.console.testing.ConsoleServer;
import io.sparkplane.console.testing.FleetRuns;
import io.sparkplane.collector.CollectorConfig;
import io.sparkplane.collector.CollectorServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The run console on a collector without triage or alerting")
class ConsoleWithoutAlertingIT {

  @TempDir Path dataDir;

  @Test
  @DisplayName("pages say alerting is not enabled, runs render without verdicts, and the API header also authenticates")
  void withoutAlerting() throws Exception {
    try (ConsoleServer server = new ConsoleServer(dataDir, List.of())) {
      server.ingest(new FleetRuns(System.currentTimeMillis()).events());
      Map<String, String> auth = Map.of("Authorization", "Bearer " + ConsoleServer.OPS_TOKEN);

      HttpResponse<String> alerts = server.get("/ui/alerts", auth);
      assertThat(alerts.statusCode()).isEqualTo(200);
      assertThat(alerts.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
      assertThat(alerts.body()).contains("id=\"alerting-disabled\"");

      HttpResponse<String> run = server.get("/ui/runs/" + FleetRuns.SKEWED_RUN, auth);
      assertThat(run.statusCode()).isEqualTo(200);
      assertThat(run.body()).contains("No triage verdict").contains("Alerting is not enabled").contains("data-skewed=\"true\"");

      assertThat(server.get("/ui/runs/no-such-run", auth).statusCode()).isEqualTo(404);
      assertThat(server.get("/ui/runs?status=EXPLODED", auth).statusCode()).isEqualTo(400);
      assertThat(server.get("/ui/runs", Map.of()).statusCode()).isEqualTo(401);
      assertThat(server.get("/ui/runs", Map.of("Cookie", "sparkplane_token=nope")).statusCode()).isEqualTo(401);
      // by default the console is for operators: a tenant's token is refused, as a page or as JSON
      HttpResponse<String> tenant = server.get("/ui/runs", Map.of("Cookie", "sparkplane_token=" + ConsoleServer.ACME_TOKEN));
      assertThat(tenant.statusCode()).isEqualTo(403);
      assertThat(tenant.body()).contains("requires an operator token").contains("id=\"switch-token\"").doesNotContain(FleetRuns.SKEWED_RUN);
      HttpResponse<String> tenantJson =
          server.get("/ui/runs/" + FleetRuns.SKEWED_RUN, Map.of("Authorization", "Bearer " + ConsoleServer.ACME_TOKEN, "Accept", "application/json"));
      assertThat(tenantJson.statusCode()).isEqualTo(403);
      assertThat(tenantJson.body()).contains("\"reason\":\"operator_required\"").contains("\"field\":\"Authorization\"");
      assertThat(server.get("/ui/alerts", Map.of("Authorization", "Bearer " + ConsoleServer.ACME_TOKEN)).statusCode()).isEqualTo(403);
      // the collector's JSON API is untouched by the console's cookie handling
      assertThat(server.get("/api/v1/runs", Map.of("Cookie", "sparkplane_token=" + ConsoleServer.OPS_TOKEN)).statusCode())
          .isEqualTo(401);
    }
  }

  @Test
  @DisplayName("with tenant access on, a tenant's token sees only its own runs and another tenant's run is refused")
  void tenantAccess() throws Exception {
    try (ConsoleServer server = new ConsoleServer(dataDir, List.of(), ConsoleSettings.defaults().withTenantAccess(true))) {
      server.ingest(new FleetRuns(System.currentTimeMillis()).events());
      Map<String, String> acme = Map.of("Cookie", "sparkplane_token=" + ConsoleServer.ACME_TOKEN);
      HttpResponse<String> runs = server.get("/ui/runs", acme);
      assertThat(runs.statusCode()).isEqualTo(200);
      assertThat(runs.body()).contains(FleetRuns.SKEWED_RUN).doesNotContain("rep-300");
      assertThat(server.get("/ui/runs/rep-300?tenant=" + FleetRuns.GLOBEX, acme).statusCode()).isEqualTo(403);
      assertThat(server.get("/ui/runs/rep-300", acme).statusCode()).isEqualTo(404);
      assertThat(server.get("/ui/runs", Map.of()).statusCode()).isEqualTo(401);
      assertThat(server.get("/ui/runs", Map.of("Cookie", "sparkplane_token=" + ConsoleServer.OPS_TOKEN)).body()).contains("rep-300");
    }
  }

  @Test
  @DisplayName("without a tenants file (allowAll, as in the demo) every caller is an operator: console links open without a token")
  void openCollector() throws Exception {
    try (CollectorServer server =
        CollectorServer.builder(CollectorConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(dataDir))
            .extension(new ConsoleExtension(ConsoleSettings.defaults()))
            .build()) {
      int port = server.start();
      HttpResponse<String> page =
          HttpClient.newHttpClient()
              .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ui/runs")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
      assertThat(page.body()).contains("id=\"filters\"").contains("all tenants");
    }
  }
}
