package io.sparkplane.collector.http;

import io.javalin.http.Context;
import io.sparkplane.collector.auth.TenantScope;
import io.sparkplane.collector.store.RunStore;
import io.sparkplane.collector.store.StoreException;
import io.sparkplane.collector.store.StoredRun;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the run a {@code /api/v1/runs/{runId}...} request names, as its caller may see it, and reads
 * the store for such routes. The collector's run route and extensions' run sub-resources (triage
 * verdict, retry decision) answer alike through it: {@code ?tenant=} optional, 400 {@code
 * invalid_parameter} if repeated or empty, 403 {@code forbidden} outside the caller's scope, 404
 * {@code not_found} for no such run, and 503 {@code store_unavailable} with {@code Retry-After} when
 * the store cannot be read.
 *
 * <pre>{@code
 * StoredRun run = runs.find(ctx);
 * Map<String, JsonNode> attached = runs.read(() -> store.attachments(run.tenant(), run.runId()));
 * }</pre>
 */
public final class RunLookup {

  private static final Logger log = LoggerFactory.getLogger(RunLookup.class);

  private final Authentication authentication;
  private final RunStore store;
  private final int retryAfterSeconds;

  /**
   * @param retryAfterSeconds the {@code Retry-After} of a 503 ({@link ApiSettings#retryAfterSeconds()})
   */
  public RunLookup(Authentication authentication, RunStore store, int retryAfterSeconds) {
    this.authentication = Objects.requireNonNull(authentication, "authentication");
    this.store = Objects.requireNonNull(store, "store");
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /**
   * The run of the request's {@code runId} path parameter, in the requested tenant or, without
   * {@code ?tenant=}, in the caller's own (any tenant for an operator).
   *
   * @throws ApiException 400, 401, 403, 404 or 503 as described above
   */
  public StoredRun find(Context ctx) {
    TenantScope scope = authentication.scopeOf(ctx);
    String runId = ctx.pathParam("runId");
    String tenant = RunQueryParams.tenant(ctx.queryParamMap(), scope);
    return read(() -> store.findRun(tenant, runId))
        .orElseThrow(() -> new ApiException(404, "not_found", "no run with id '" + runId + "'", "runId"));
  }

  /**
   * Runs a store read for a request.
   *
   * @throws ApiException 503 {@code store_unavailable} with {@code Retry-After} if the store failed
   */
  public <T> T read(Supplier<T> operation) {
    try {
      return operation.get();
    } catch (StoreException e) {
      log.warn("Run store read failed", e);
      throw new ApiException(503, "store_unavailable", "the run store is unavailable, retry later", null)
          .withRetryAfter(retryAfterSeconds);
    }
  }
}
