package io.sparkplane.triage.retry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.sparkplane.collector.auth.TenantScope;
import io.sparkplane.collector.http.ApiException;
import io.sparkplane.collector.http.Authentication;
import io.sparkplane.collector.store.RunStore;
import io.sparkplane.collector.store.StoreException;
import io.sparkplane.collector.store.StoredRun;
import io.sparkplane.wire.TelemetryJson;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** {@code GET /api/v1/runs/{runId}/retries}: the run's retry decision, tenant-scoped. Internal. */
public final class RetryRoute {

  private final Authentication authentication;
  private final RunStore store;
  private final String attachment;

  public RetryRoute(Authentication authentication, RunStore store, String attachment) {
    this.authentication = authentication;
    this.store = store;
    this.attachment = attachment;
  }

  public void handle(Context ctx) {
    TenantScope scope = authentication.scopeOf(ctx);
    String runId = ctx.pathParam("runId");
    String tenant = tenant(ctx.queryParams("tenant"), scope);
    StoredRun run = read(() -> store.findRun(tenant, runId))
        .orElseThrow(() -> new ApiException(404, "not_found", "no run with id '" + runId + "'", "runId"));
    JsonNode decision = read(() -> store.attachments(run.tenant(), run.runId())).get(attachment);
    if (decision == null) {
      throw new ApiException(404, "no_decision",
          "run '" + runId + "' has no retry decision (only triaged runs get one)", "runId");
    }
    ctx.contentType("application/json").result(TelemetryJson.toJson(decision));
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
