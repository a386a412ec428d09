package io.sparkplane.collector.http;

import io.javalin.http.Context;
import io.sparkplane.collector.store.RunStore;
import java.util.Map;

/**
 * {@code /health/live}: 200 while the process serves requests. {@code /health/ready}: 200 when the
 * store is healthy, else 503, so a load balancer stops sending telemetry that could not be stored.
 */
final class HealthHandler {

  private final RunStore store;

  HealthHandler(RunStore store) {
    this.store = store;
  }

  void live(Context ctx) {
    ctx.json(Map.of("status", "UP"));
  }

  void ready(Context ctx) {
    boolean healthy = store.isHealthy();
    String state = healthy ? "UP" : "DOWN";
    ctx.status(healthy ? 200 : 503).json(Map.of("status", state, "checks", Map.of("store", state)));
  }
}
