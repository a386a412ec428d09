package io.sparkplane.alerting.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.sparkplane.alerting.Alert;
import io.sparkplane.alerting.engine.AlertEngine;
import io.sparkplane.alerting.notify.AlertJson;
import io.sparkplane.alerting.notify.Classifier;
import io.sparkplane.collector.auth.TenantScope;
import io.sparkplane.collector.http.ApiException;
import io.sparkplane.collector.http.Authentication;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /api/v1/alerts}: active alerts and recently resolved ones, newest first. A caller
 * scoped to one tenant sees only that tenant's alerts (region and fleet alerts span tenants).
 * Query parameters: {@code state} ({@code active}, {@code recent}, {@code all}; default all),
 * {@code tenant}, {@code limit} (1..{@value #MAX_LIMIT}, default {@value #DEFAULT_LIMIT}, per list).
 * Internal.
 */
public final class AlertsHandler {

  public static final String PATH = "/api/v1/alerts";
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;
  private static final Set<String> STATES = Set.of("active", "recent", "all");

  private final Authentication authentication;
  private final AlertEngine engine;
  private final Classifier classifier;

  public AlertsHandler(Authentication authentication, AlertEngine engine, Classifier classifier) {
    this.authentication = authentication;
    this.engine = engine;
    this.classifier = classifier;
  }

  public void list(Context ctx) {
    TenantScope scope = authentication.scopeOf(ctx);
    String state = ctx.queryParam("state") == null ? "all" : ctx.queryParam("state");
    if (!STATES.contains(state)) {
      throw new ApiException(400, "invalid_parameter", "state must be one of active, recent, all", "state");
    }
    int limit = limit(ctx.queryParam("limit"));
    @Nullable String tenant = ctx.queryParam("tenant");
    if (tenant != null && tenant.isBlank()) {
      throw new ApiException(400, "invalid_parameter", "tenant must not be blank", "tenant");
    }
    if (tenant != null && !scope.permits(tenant)) {
      throw new ApiException(403, "forbidden", "the credentials do not cover tenant '" + tenant + "'", "tenant");
    }
    ObjectNode body = AlertJson.mapper().createObjectNode();
    ArrayNode active = body.putArray("active");
    ArrayNode recent = body.putArray("recent");
    if (!"recent".equals(state)) {
      List<Alert> alerts = engine.active();
      for (int i = alerts.size() - 1, n = 0; i >= 0 && n < limit; i--) {
        if (visible(alerts.get(i), scope, tenant)) {
          active.add(AlertJson.alert(alerts.get(i), classifier.classify(alerts.get(i))));
          n++;
        }
      }
    }
    if (!"active".equals(state)) {
      int n = 0;
      for (Alert alert : engine.recent()) {
        if (n >= limit) {
          break;
        }
        if (visible(alert, scope, tenant)) {
          recent.add(AlertJson.alert(alert, classifier.classify(alert)));
          n++;
        }
      }
    }
    ctx.contentType("application/json").result(body.toString());
  }

  private static boolean visible(Alert alert, TenantScope scope, @Nullable String tenant) {
    String alertTenant = alert.key().tenant();
    if (!scope.isAll() && (alertTenant == null || !scope.permits(alertTenant))) {
      return false;
    }
    return tenant == null || tenant.equals(alertTenant);
  }

  private static int limit(@Nullable String raw) {
    if (raw == null) {
      return DEFAULT_LIMIT;
    }
    int limit;
    try {
      limit = Integer.parseInt(raw.trim());
    } catch (NumberFormatException e) {
      throw badLimit();
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw badLimit();
    }
    return limit;
  }

  private static ApiException badLimit() {
    return new ApiException(
        400, "invalid_parameter", "limit must be a whole number from 1 to " + MAX_LIMIT, "limit");
  }
}
