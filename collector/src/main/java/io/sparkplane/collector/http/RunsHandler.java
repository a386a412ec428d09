package io.sparkplane.collector.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.sparkplane.collector.auth.TenantScope;
import io.sparkplane.collector.store.RunCursor;
import io.sparkplane.collector.store.RunPage;
import io.sparkplane.collector.store.RunStore;
import io.sparkplane.collector.store.StoredRun;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /api/v1/runs/{runId}} (the run with its {@code attachments} by name) and {@code GET
 * /api/v1/runs}.
 */
final class RunsHandler {

  private final Authentication authentication;
  private final RunStore store;
  private final RunLookup runs;

  RunsHandler(Authentication authentication, RunStore store, RunLookup runs) {
    this.authentication = authentication;
    this.store = store;
    this.runs = runs;
  }

  void getRun(Context ctx) {
    StoredRun run = runs.find(ctx);
    // The run carries what other parts attached to it (triage verdict, retry decisions, estimates)
    ObjectNode body = ApiJson.mapper().valueToTree(run);
    body.set("attachments", ApiJson.mapper().valueToTree(runs.read(() -> store.attachments(run.tenant(), run.runId()))));
    ctx.json(body);
  }

  void listRuns(Context ctx) {
    TenantScope scope = authentication.scopeOf(ctx);
    var query = RunQueryParams.parse(ctx.queryParamMap(), scope);
    RunPage page = runs.read(() -> store.listRuns(query));
    RunCursor next = page.nextCursor();
    ctx.json(new RunListResponse(page.runs(), next == null ? null : next.encode()));
  }

  /** Body of {@code GET /api/v1/runs}. */
  record RunListResponse(
      List<StoredRun> runs, @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String nextCursor) {}
}
