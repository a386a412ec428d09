package io.sparkplane.triage.internal;

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
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /api/v1/runs/{runId}/<something>}: one attachment of a run, tenant-scoped like the run
 * API ({@code ?tenant=} optional, 400 if repeated or blank, 403 outside the caller's scope, 404
 * {@code not_found} for no such run, 404 with {@link Absent#reason()} when the run has no such
 * attachment, 503 when the store is down). Serves the triage verdict and the retry decision. Internal.
 *
 * <pre>{@code
 * app.get("/api/v1/runs/{runId}/triage", new AttachmentRoute(auth, store, "triage",
 *     new AttachmentRoute.Absent("no_verdict", "no triage verdict (only failed, lost and late runs are triaged)"))::handle);
 * }</pre>
 */
public final class AttachmentRoute {

  /**
   * How the 404 for a run without the attachment reads.
   *
   * @param reason the {@code reason} word of the error body, e.g. {@code no_verdict}
   * @param what completes "run '&lt;id&gt;' has ..." in the message
   */
  public record Absent(String reason, String what) {
    public Absent {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(what, "what");
    }
  }

  private final Authentication authentication;
  private final RunStore store;
  private final String attachment;
  private final Absent absent;

  public AttachmentRoute(Authentication authentication, RunStore store, String attachment, Absent absent) {
    this.authentication = Objects.requireNonNull(authentication, "authentication");
    this.store = Objects.requireNonNull(store, "store");
    this.attachment = Objects.requireNonNull(attachment, "attachment");
    this.absent = Objects.requireNonNull(absent, "absent");
  }

  public void handle(Context ctx) {
    TenantScope scope = authentication.scopeOf(ctx);
    String runId = ctx.pathParam("runId");
    String tenant = tenant(ctx.queryParams("tenant"), scope);
    StoredRun run = read(() -> store.findRun(tenant, runId))
        .orElseThrow(() -> new ApiException(404, "not_found", "no run with id '" + runId + "'", "runId"));
    JsonNode value = read(() -> store.attachments(run.tenant(), run.runId())).get(attachment);
    if (value == null) {
      throw new ApiException(404, absent.reason(), "run '" + runId + "' has " + absent.what(), "runId");
    }
    ctx.contentType("application/json").result(TelemetryJson.toJson(value));
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
