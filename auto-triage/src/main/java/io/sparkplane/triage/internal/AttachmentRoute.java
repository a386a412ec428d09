package io.sparkplane.triage.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.sparkplane.collector.http.ApiException;
import io.sparkplane.collector.http.RunLookup;
import io.sparkplane.collector.store.RunStore;
import io.sparkplane.collector.store.StoredRun;
import io.sparkplane.wire.TelemetryJson;
import java.util.Objects;

/**
 * {@code GET /api/v1/runs/{runId}/<something>}: one attachment of a run. The run is found as the
 * collector's run route finds it ({@link RunLookup}: {@code ?tenant=} optional, 400 if repeated or
 * empty, 403 outside the caller's scope, 404 {@code not_found} for no such run, 503 with {@code
 * Retry-After} when the store is down); a run without the attachment gets 404 with {@link
 * Absent#reason()}. Serves the triage verdict and the retry decision. Internal.
 *
 * <pre>{@code
 * app.get("/api/v1/runs/{runId}/triage", new AttachmentRoute(context.runs(), context.store(), "triage",
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

  private final RunLookup runs;
  private final RunStore store;
  private final String attachment;
  private final Absent absent;

  public AttachmentRoute(RunLookup runs, RunStore store, String attachment, Absent absent) {
    this.runs = Objects.requireNonNull(runs, "runs");
    this.store = Objects.requireNonNull(store, "store");
    this.attachment = Objects.requireNonNull(attachment, "attachment");
    this.absent = Objects.requireNonNull(absent, "absent");
  }

  public void handle(Context ctx) {
    StoredRun run = runs.find(ctx);
    JsonNode value = runs.read(() -> store.attachments(run.tenant(), run.runId())).get(attachment);
    if (value == null) {
      throw new ApiException(404, absent.reason(), "run '" + run.runId() + "' has " + absent.what(), "runId");
    }
    ctx.contentType("application/json").result(TelemetryJson.toJson(value));
  }
}
