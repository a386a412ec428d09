package io.sparkplane.collector.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.Header;
import io.sparkplane.collector.auth.TenantScope;
import io.sparkplane.collector.ingest.IngestException;
import io.sparkplane.collector.ingest.IngestMetrics;
import io.sparkplane.collector.ingest.IngestService;
import io.sparkplane.collector.ingest.PayloadDecoder;
import io.sparkplane.collector.ingest.PayloadFormat;
import io.sparkplane.collector.ingest.RejectReason;
import io.sparkplane.collector.store.StoreResult;
import java.io.IOException;
import java.util.Map;

/**
 * {@code POST /api/v1/telemetry}: answers {@code {"accepted": n, "duplicates": m}} once the store
 * committed the batch, or an {@link ApiError} naming what was refused.
 */
final class TelemetryHandler implements Handler {

  private final Authentication authentication;
  private final PayloadDecoder decoder;
  private final IngestService ingest;
  private final IngestMetrics metrics;
  private final int retryAfterSeconds;

  TelemetryHandler(
      Authentication authentication,
      PayloadDecoder decoder,
      IngestService ingest,
      IngestMetrics metrics,
      int retryAfterSeconds) {
    this.authentication = authentication;
    this.decoder = decoder;
    this.ingest = ingest;
    this.metrics = metrics;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  @Override
  public void handle(Context ctx) throws IOException {
    TenantScope scope = authenticate(ctx);
    try {
      PayloadFormat format = PayloadFormat.fromContentType(ctx.header(Header.CONTENT_TYPE));
      byte[] body =
          decoder.decode(
              ctx.req().getInputStream(),
              ctx.header(Header.CONTENT_ENCODING),
              ctx.req().getContentLengthLong());
      StoreResult result = ingest.ingest(body, format, scope);
      ctx.status(200).json(Map.of("accepted", result.accepted(), "duplicates", result.duplicates()));
    } catch (IngestException e) {
      reject(ctx, e);
    }
  }

  private TenantScope authenticate(Context ctx) {
    try {
      return authentication.scopeOf(ctx);
    } catch (ApiException e) {
      metrics.rejected(RejectReason.UNAUTHORIZED);
      throw e;
    }
  }

  private void reject(Context ctx, IngestException e) {
    metrics.rejected(e.reason());
    if (e.reason() == RejectReason.STORE_UNAVAILABLE) {
      ctx.header(Header.RETRY_AFTER, String.valueOf(retryAfterSeconds));
    }
    if (e.reason() == RejectReason.PAYLOAD_TOO_LARGE) {
      // the rest of the body stays unread; do not make the client wait for us to drain it
      ctx.header(Header.CONNECTION, "close");
    }
    ctx.status(e.reason().httpStatus())
        .json(new ApiError(e.getMessage(), e.reason().tag(), e.field(), e.index()));
  }
}
