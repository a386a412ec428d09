package io.sparkplane.collector;

import static io.sparkplane.collector.TestEvents.finished;
import static io.sparkplane.collector.TestEvents.run;
import static io.sparkplane.collector.TestEvents.started;
import static io.sparkplane.collector.TestHttp.assertError;
import static io.sparkplane.collector.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.collector.auth.GeneratedToken;
import io.sparkplane.collector.auth.TenantTokens;
import io.sparkplane.wire.RunStatus;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The collector over real HTTP with a tenants file: who may write and read which runs. */
@DisplayName("Tenant isolation with a tenants file")
class TenantIsolationTest {

  private static final long T0 = Instant.parse("2025-06-01T00:00:00Z").toEpochMilli();

  @TempDir Path dir;

  private final GeneratedToken acme = TenantTokens.generate();
  private final GeneratedToken acmeRevoked = TenantTokens.generate();
  private final GeneratedToken globex = TenantTokens.generate();
  private final GeneratedToken operator = TenantTokens.generate();
  private CollectorServer server;
  private TestHttp http;

  @BeforeEach
  void start() throws Exception {
    Path file = dir.resolve("tenants.yaml");
    Files.writeString(
        file,
        """
        tenants:
          acme: ["%s", "%s"]
          globex: ["%s"]
        operators: ["%s"]
        revoked: ["%s"]
        """
            .formatted(acme.hash(), acmeRevoked.hash(), globex.hash(), operator.hash(), acmeRevoked.hash()));
    server =
        CollectorServer.builder(
                CollectorConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(dir.resolve("data")))
            .authenticator(TenantTokens.load(file).authenticator())
            .build();
    http = new TestHttp(server.start());
    assertThat(http.postEvents(List.of(started(run("acme", "a-1"), T0)), acme.token()).statusCode())
        .isEqualTo(200);
    assertThat(
            http.postEvents(
                    List.of(started(run("globex", "g-1"), T0), finished(run("globex", "g-1"), T0, RunStatus.FAILED)),
                    globex.token())
                .statusCode())
        .isEqualTo(200);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  @DisplayName("A token cannot write telemetry for another tenant: 403 naming $.run.tenant, nothing stored")
  void crossTenantWriteRefused() throws Exception {
    HttpResponse<String> response =
        http.postEvents(
            List.of(started(run("acme", "sneaky-1"), T0), started(run("globex", "sneaky-2"), T0)),
            acme.token());

    assertError(response, 403, "forbidden", "$.run.tenant");
    assertThat(http.get("/api/v1/runs/sneaky-1", operator.token()).statusCode()).isEqualTo(404);
    assertThat(http.get("/api/v1/runs/sneaky-2", operator.token()).statusCode()).isEqualTo(404);
  }

  @Test
  @DisplayName("A token cannot read another tenant's run: 404 by id, 403 when naming the tenant")
  void crossTenantReadRefused() throws Exception {
    assertError(http.get("/api/v1/runs/g-1", acme.token()), 404, "not_found", "runId");
    assertError(http.get("/api/v1/runs/g-1?tenant=globex", acme.token()), 403, "forbidden", "tenant");
    assertError(http.get("/api/v1/runs?tenant=globex", acme.token()), 403, "forbidden", "tenant");
    assertThat(http.get("/api/v1/runs/a-1", acme.token()).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("A tenant's run listing contains only its own runs")
  void listingForcedToOwnTenant() throws Exception {
    assertThat(tenantsListed(acme.token())).containsExactly("acme");
    assertThat(tenantsListed(globex.token())).containsExactly("globex");
  }

  @Test
  @DisplayName("An operator token reads every tenant's runs")
  void operatorReadsAll() throws Exception {
    assertThat(tenantsListed(operator.token())).containsExactlyInAnyOrder("acme", "globex");
    assertThat(json(http.get("/api/v1/runs/g-1?tenant=globex", operator.token())).path("status").asText())
        .isEqualTo("FAILED");
    assertThat(http.get("/api/v1/runs/a-1", operator.token()).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("No token, an unknown token and a revoked token each get 401, on ingest and on reads")
  void missingBadAndRevokedTokens() throws Exception {
    List<String> refused = new ArrayList<>();
    refused.add(null);
    refused.add("spk_not-a-token-anyone-was-given");
    refused.add(acmeRevoked.token());
    for (String token : refused) {
      assertError(
          http.postEvents(List.of(started(run("acme", "a-2"), T0)), token), 401, "unauthorized", "Authorization");
      assertError(http.get("/api/v1/runs", token), 401, "unauthorized", "Authorization");
      assertError(http.get("/api/v1/runs/a-1", token), 401, "unauthorized", "Authorization");
    }
    assertThat(http.get("/api/v1/runs/a-2", operator.token()).statusCode()).isEqualTo(404);
    assertThat(http.get("/metrics", null).body())
        .contains("sparkplane_ingest_rejected_total{reason=\"unauthorized\"} 3.0");
  }

  private List<String> tenantsListed(String token) throws Exception {
    HttpResponse<String> response = http.get("/api/v1/runs", token);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    List<String> tenants = new ArrayList<>();
    for (JsonNode run : json(response).path("runs")) {
      String tenant = run.path("identity").path("tenant").asText();
      if (!tenants.contains(tenant)) {
        tenants.add(tenant);
      }
    }
    return tenants;
  }
}
