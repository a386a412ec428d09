package io.sparkplane.triage.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.sparkplane.collector.auth.TenantScope;
import io.sparkplane.collector.http.ApiException;
import io.sparkplane.collector.http.Authentication;
import io.sparkplane.collector.store.RunStore;
import io.sparkplane.collector.store.StoreException;
import io.sparkplane.collector.store.StoredRun;
import io.sparkplane.triage.TriageService;
import io.sparkplane.wire.TelemetryJson;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** {@code GET /api/v1/runs/{runId}/triage}, tenant-scoped like the run API. Internal. */
public final class TriageRoute {

  private final Authentication authentication;
  private final RunStore store;

  public TriageRoute(Authentication authentication, RunStore store) {
    this.authentication = authentication;
    this.store = store;
  }

  public void handle(Context ctx) {
    TenantScope scope = authentication.scopeOf(ctx);
    String runId = ctx.pathParam("runId");
    String tenant = tenant(ctx.queryParams("tenant"), scope);
    StoredRun run =
        read(() -> store.findRun(tenant, runId))
            .orElseThrow(() -> new ApiException(404, "not_found", "no run with id '" + runId + "'", "runId"));
    JsonNode verdict = read(() -> store.attachments(run.tenant(), run.runId())).get(TriageService.ATTACHMENT);
    if (verdict == null) {
      throw new ApiException(
          404, "no_verdict", "run '" + runId + "' has no triage verdict (only failed, lost and late runs are triaged)", "runId");
    }
    ctx.contentType("application/json").result(TelemetryJson.toJson(verdict));
  }

  private static @Nullable String tenant(List<String> requested, TenantScope scope) {
    if (requested.isEmpty()) {
      return scope.tenant();
    }
    if (requested.size() > 1) {
      throw new ApiException(400, "invalid_parameter", "tenant must be given at most once", "tenant");
    }
    String t = requested.get(0);
    if (t.isBlank()) {
      throw new ApiException(400, "invalid_parameter", "tenant must not be blank", "tenant");
    }
    if (!scope.permits(t)) {
      throw new ApiException(403, "forbidden", "not permitted to read tenant '" + t + "'", "tenant");
    }
    return t;
  }

  private static <T> T read(Supplier<T> op) {
    try {
      return op.get();
    } catch (StoreException e) {
      throw new ApiException(503, "store_unavailable", "the run store is unavailable, retry later", null);
    }
  }
}
