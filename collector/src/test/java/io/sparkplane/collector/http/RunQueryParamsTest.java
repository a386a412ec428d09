package io.sparkplane.collector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.collector.auth.TenantScope;
import io.sparkplane.collector.store.RunCursor;
import io.sparkplane.collector.store.RunQuery;
import io.sparkplane.wire.RunStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RunQueryParamsTest {

  @Test
  @DisplayName("No parameters: every run, default limit")
  void none() {
    RunQuery query = RunQueryParams.parse(Map.of(), TenantScope.ALL);

    assertThat(query).isEqualTo(RunQuery.builder().build());
  }

  @Test
  @DisplayName("All parameters are read; from/to take ISO-8601 or epoch millis; status is case-insensitive")
  void all() {
    RunCursor cursor = new RunCursor(5, "r", "t");
    RunQuery query =
        RunQueryParams.parse(
            Map.of(
                "tenant", List.of("acme"),
                "workload", List.of("etl"),
                "status", List.of("failed"),
                "from", List.of("2025-06-01T00:00:00Z"),
                "to", List.of("1748822400000"),
                "limit", List.of("7"),
                "cursor", List.of(cursor.encode())),
            TenantScope.ALL);

    assertThat(query)
        .isEqualTo(
            new RunQuery(
                "acme",
                "etl",
                RunStatus.FAILED,
                Instant.parse("2025-06-01T00:00:00Z"),
                Instant.parse("2025-06-02T00:00:00Z"),
                7,
                cursor));
  }

  @Test
  @DisplayName("Bad parameters are refused naming the parameter")
  void bad() {
    assertBad(Map.of("status", List.of("FOO")), "status");
    assertBad(Map.of("limit", List.of("0")), "limit");
    assertBad(Map.of("limit", List.of("99999999999")), "limit");
    assertBad(Map.of("from", List.of("2025-06-01")), "from");
    assertBad(Map.of("to", List.of("")), "to");
    assertBad(Map.of("from", List.of("2000"), "to", List.of("1000")), "to");
    assertBad(Map.of("tenant", List.of("a", "b")), "tenant");
    assertBad(Map.of("cursor", List.of("nope")), "cursor");
  }

  @Test
  @DisplayName("A tenant-scoped caller queries its own tenant and may not ask for another")
  void tenantScope() {
    assertThat(RunQueryParams.parse(Map.of(), TenantScope.of("acme")).tenant()).isEqualTo("acme");
    assertThatThrownBy(() -> RunQueryParams.parse(Map.of("tenant", List.of("globex")), TenantScope.of("acme")))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(403));
  }

  private static void assertBad(Map<String, List<String>> params, String field) {
    assertThatThrownBy(() -> RunQueryParams.parse(params, TenantScope.ALL))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.body().field()).isEqualTo(field);
            });
  }
}
