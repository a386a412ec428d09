package io.sparkplane.collector.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.sparkplane.collector.auth.TenantScope;
import io.sparkplane.collector.store.RunCursor;
import io.sparkplane.collector.store.RunPage;
import io.sparkplane.collector.store.RunStore;
import io.sparkplane.collector.store.StoreException;
import io.sparkplane.collector.store.StoredRun;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/runs/{runId}} (the run with its {@code attachments} by name) and {@code GET
 * /api/v1/runs}.
 */
final class RunsHandler {

  private static final Logger log = LoggerFactory.getLogger(RunsHandler.class);

  private final Authentication authentication;
  private final RunStore store;
  private final int retryAfterSeconds;

  RunsHandler(Authentication authentication, RunStore store, int retryAfterSeconds) {
    this.authentication = authentication;
    this.store = store;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  void getRun(Context ctx) {
    TenantScope scope = authentication.scopeOf(ctx);
    String runId = ctx.pathParam("runId");
    String tenant = RunQueryParams.tenant(ctx.queryParam("tenant"), scope);
    StoredRun run =
        read(() -> store.findRun(tenant, runId))
            .orElseThrow(
                () -> new ApiException(404, "not_found", "no run with id '" + runId + "'", "runId"));
    // The run carries what other parts attached to it (triage verdict, retry decisions, estimates)
    ObjectNode body = ApiJson.mapper().valueToTree(run);
    body.set("attachments", ApiJson.mapper().valueToTree(read(() -> store.attachments(run.tenant(), run.runId()))));
    ctx.json(body);
  }

  void listRuns(Context ctx) {
    TenantScope scope = authentication.scopeOf(ctx);
    var query = RunQueryParams.parse(ctx.queryParamMap(), scope);
    RunPage page = read(() -> store.listRuns(query));
    RunCursor next = page.nextCursor();
    ctx.json(new RunListResponse(page.runs(), next == null ? null : next.encode()));
  }

  private <T> T read(Supplier<T> operation) {
    try {
      return operation.get();
    } catch (StoreException e) {
      log.warn("Run store read failed", e);
      throw new ApiException(503, "store_unavailable", "the run store is unavailable, retry later", null)
          .withRetryAfter(retryAfterSeconds);
    }
  }

  /** Body of {@code GET /api/v1/runs}. */
  record RunListResponse(
      List<StoredRun> runs, @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String nextCursor) {}
}
