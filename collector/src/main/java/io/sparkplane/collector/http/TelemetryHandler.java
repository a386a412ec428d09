package io.sparkplane.collector.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.Header;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.sparkplane.collector.auth.TenantScope;
import io.sparkplane.collector.ingest.InflightPayloads;
import io.sparkplane.collector.ingest.IngestException;
import io.sparkplane.collector.ingest.IngestMetrics;
import io.sparkplane.collector.ingest.IngestService;
import io.sparkplane.collector.ingest.PayloadDecoder;
import io.sparkplane.collector.ingest.PayloadFormat;
import io.sparkplane.collector.ingest.RejectReason;
import io.sparkplane.collector.store.StoreResult;
import io.sparkplane.collector.tracing.CollectorTracing;
import java.io.IOException;
import java.util.Map;

/**
 * {@code POST /api/v1/telemetry}: answers {@code {"accepted": n, "duplicates": m}} once the store
 * committed the batch, or an {@link ApiError} naming what was refused. Each request is one server
 * span (a child of the caller's {@code traceparent}, if sent) and one sample of {@code
 * sparkplane_ingest_request_seconds}.
 */
final class TelemetryHandler implements Handler {

  static final String SPAN_NAME = "POST /api/v1/telemetry";

  private final Authentication authentication;
  private final PayloadDecoder decoder;
  private final InflightPayloads inflight;
  private final IngestService ingest;
  private final IngestMetrics metrics;
  private final int retryAfterSeconds;
  private final CollectorTracing tracing;

  TelemetryHandler(
      Authentication authentication,
      PayloadDecoder decoder,
      InflightPayloads inflight,
      IngestService ingest,
      IngestMetrics metrics,
      int retryAfterSeconds,
      CollectorTracing tracing) {
    this.authentication = authentication;
    this.decoder = decoder;
    this.inflight = inflight;
    this.ingest = ingest;
    this.metrics = metrics;
    this.retryAfterSeconds = retryAfterSeconds;
    this.tracing = tracing;
  }

  @Override
  public void handle(Context ctx) throws IOException {
    long start = System.nanoTime();
    Span span =
        tracing
            .tracer()
            .spanBuilder(SPAN_NAME)
            .setParent(tracing.parentOf(ctx::header))
            .setSpanKind(SpanKind.SERVER)
            .setAttribute("http.request.method", "POST")
            .setAttribute("url.path", ctx.path())
            .startSpan();
    boolean accepted = false;
    try (Scope ignored = span.makeCurrent()) {
      accepted = ingest(ctx, span);
    } catch (ApiException e) {
      span.setAttribute("http.response.status_code", e.status());
      throw e;
    } catch (IOException | RuntimeException e) {
      span.recordException(e);
      span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
      throw e;
    } finally {
      span.end();
      metrics.request(accepted, start);
    }
  }

  private boolean ingest(Context ctx, Span span) throws IOException {
    TenantScope scope = authenticate(ctx);
    if (scope.tenant() != null) {
      span.setAttribute("sparkplane.tenant", scope.tenant());
    }
    try {
      ingest.checkAllowance(scope);
      inflight.requireRoom();
      PayloadFormat format = PayloadFormat.fromContentType(ctx.header(Header.CONTENT_TYPE));
      byte[] body =
          decoder.decode(
              ctx.req().getInputStream(),
              ctx.header(Header.CONTENT_ENCODING),
              ctx.req().getContentLengthLong());
      StoreResult result;
      // held while the body's tree and events exist: parsing, validation and the store's write
      try (InflightPayloads.Claim claim = inflight.claim(body.length)) {
        result = ingest.ingest(body, format, scope);
      }
      span.setAttribute("sparkplane.events.accepted", result.accepted());
      span.setAttribute("sparkplane.events.duplicates", result.duplicates());
      span.setAttribute("http.response.status_code", 200);
      ctx.status(200).json(Map.of("accepted", result.accepted(), "duplicates", result.duplicates()));
      return true;
    } catch (IngestException e) {
      span.setAttribute("http.response.status_code", e.reason().httpStatus());
      span.setAttribute("sparkplane.reject.reason", e.reason().tag());
      if (e.reason().httpStatus() >= 500) {
        span.setStatus(StatusCode.ERROR, e.reason().tag());
      }
      reject(ctx, e);
      return false;
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
    if (e.reason() == RejectReason.STORE_UNAVAILABLE || e.reason() == RejectReason.OVERLOADED) {
      ctx.header(Header.RETRY_AFTER, String.valueOf(retryAfterSeconds));
    } else if (e.retryAfterSeconds() != null) {
      ctx.header(Header.RETRY_AFTER, String.valueOf(e.retryAfterSeconds()));
    }
    if (e.reason() == RejectReason.PAYLOAD_TOO_LARGE) {
      // the rest of the body stays unread; do not make the client wait for us to drain it
      ctx.header(Header.CONNECTION, "close");
    }
    ctx.status(e.reason().httpStatus())
        .json(new ApiError(e.getMessage(), e.reason().tag(), e.field(), e.index()));
  }
}
