package io.sparkplane.collector.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sparkplane.collector.auth.TenantAuthenticator;
import io.sparkplane.collector.ingest.EventBatchParser;
import io.sparkplane.collector.ingest.EventValidator;
import io.sparkplane.collector.ingest.InflightPayloads;
import io.sparkplane.collector.ingest.IngestLimits;
import io.sparkplane.collector.ingest.IngestMetrics;
import io.sparkplane.collector.ingest.IngestService;
import io.sparkplane.collector.ingest.PayloadDecoder;
import io.sparkplane.collector.ingest.TenantRateLimiter;
import io.sparkplane.collector.store.FinishedRun;
import io.sparkplane.collector.store.RunStore;
import io.sparkplane.collector.tracing.CollectorTracing;
import java.util.function.Consumer;
import org.eclipse.jetty.server.handler.StatisticsHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the collector's routes onto a new, not yet started {@link Javalin}:
 *
 * <ul>
 *   <li>{@code POST /api/v1/telemetry}
 *   <li>{@code GET /api/v1/runs/{runId}}, {@code GET /api/v1/runs}
 *   <li>{@code GET /health/live}, {@code GET /health/ready}
 *   <li>{@code GET /metrics}
 * </ul>
 *
 * <p>Every error response carries an {@link ApiError} JSON body. Most callers want {@code
 * io.sparkplane.collector.CollectorServer} instead, which also owns the store's lifecycle.
 */
public final class CollectorApi {

  private static final Logger log = LoggerFactory.getLogger(CollectorApi.class);

  private CollectorApi() {}

  public static Javalin create(
      RunStore store,
      TenantAuthenticator authenticator,
      PrometheusMeterRegistry registry,
      ApiSettings settings) {
    return create(store, new Authentication(authenticator), registry, settings, run -> {});
  }

  /**
   * @param onFinished told (without blocking) about each run that became finished, after the batch
   *     is durable
   */
  public static Javalin create(
      RunStore store,
      Authentication authentication,
      PrometheusMeterRegistry registry,
      ApiSettings settings,
      Consumer<FinishedRun> onFinished) {
    return create(
        store,
        authentication,
        registry,
        settings,
        onFinished,
        IngestLimits.defaults(),
        CollectorTracing.noop());
  }

  /**
   * @param limits JSON depth and field limits, and the per-tenant rate limit applied to tokens that
   *     name a tenant
   * @param tracing where ingest request spans go; store spans come from the store itself (see
   *     {@link io.sparkplane.collector.tracing.InstrumentedRunStore})
   */
  public static Javalin create(
      RunStore store,
      Authentication authentication,
      PrometheusMeterRegistry registry,
      ApiSettings settings,
      Consumer<FinishedRun> onFinished,
      IngestLimits limits,
      CollectorTracing tracing) {
    IngestMetrics metrics = new IngestMetrics(registry);
    IngestService ingest =
        new IngestService(
            new EventBatchParser(ApiJson.mapper(), limits),
            EventValidator.fromWireSchema(),
            store,
            metrics,
            onFinished,
            new TenantRateLimiter(limits));
    TelemetryHandler telemetry =
        new TelemetryHandler(
            authentication,
            new PayloadDecoder(settings.maxPayloadBytes()),
            new InflightPayloads(limits.maxInflightPayloadBytes(), registry),
            ingest,
            metrics,
            settings.retryAfterSeconds(),
            tracing);
    RunsHandler runs = new RunsHandler(authentication, store, new RunLookup(authentication, store, settings.retryAfterSeconds()));
    HealthHandler health = new HealthHandler(store);
    MetricsHandler prometheus = new MetricsHandler(registry, settings.metricsTokenHash());

    Javalin app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.jsonMapper(new JavalinJackson(ApiJson.mapper(), false));
              config.jetty.modifyServer(
                  server -> {
                    // lets Jetty's stop wait for in-flight requests instead of cutting them off
                    server.setHandler(new StatisticsHandler());
                    server.setStopTimeout(settings.shutdownTimeout().toMillis());
                  });
            });
    app.post("/api/v1/telemetry", telemetry);
    app.get("/api/v1/runs/{runId}", runs::getRun);
    app.get("/api/v1/runs", runs::listRuns);
    app.get("/health/live", health::live);
    app.get("/health/ready", health::ready);
    app.get("/metrics", prometheus::scrape);

    app.exception(ApiException.class, CollectorApi::respond);
    app.exception(HttpResponseException.class, CollectorApi::respond);
    app.exception(
        Exception.class,
        (e, ctx) -> {
          log.error("Unexpected error serving {} {}", ctx.method(), ctx.path(), e);
          ctx.status(500).json(ApiError.of("internal error", "internal", null));
        });
    return app;
  }

  private static void respond(ApiException e, Context ctx) {
    e.retryAfterSeconds().ifPresent(s -> ctx.header(Header.RETRY_AFTER, String.valueOf(s)));
    ctx.status(e.status()).json(e.body());
  }

  /** Javalin's own responses (unknown path, wrong method) in the API's error format. */
  private static void respond(HttpResponseException e, Context ctx) {
    String reason = e.getStatus() == 404 ? "not_found" : "http_" + e.getStatus();
    String message = e.getMessage() == null ? "HTTP " + e.getStatus() : e.getMessage();
    ctx.status(e.getStatus()).json(ApiError.of(message, reason, null));
  }
}
