package io.sparkplane.collector.http;

import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** {@code GET /metrics}: the registry in Prometheus text exposition format 0.0.4. */
final class MetricsHandler {

  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;

  MetricsHandler(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  void scrape(Context ctx) {
    ctx.contentType(CONTENT_TYPE).result(registry.scrape());
  }
}
