package io.sparkplane.console.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.sparkplane.collector.auth.TenantScope;
import io.sparkplane.collector.http.ApiException;
import io.sparkplane.collector.http.Authentication;
import io.sparkplane.collector.store.RunCursor;
import io.sparkplane.collector.store.RunPage;
import io.sparkplane.collector.store.RunQuery;
import io.sparkplane.collector.store.RunStore;
import io.sparkplane.collector.store.StoreException;
import io.sparkplane.collector.store.StoredRun;
import io.sparkplane.console.ConsoleSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The console's request handlers; each renders a whole HTML page. Internal. */
public final class ConsoleRoutes {

  private static final Logger log = LoggerFactory.getLogger(ConsoleRoutes.class);
  private static final String CSS = "/io/sparkplane/console/static/console.css";
  static final String OPERATOR_REQUIRED = "operator_required";
  static final String OPERATOR_MESSAGE =
      "the console requires an operator token; this token acts for a single tenant"
          + " (tenant tokens are let in only when the console's tenantAccess setting is on)";

  private final Authentication authentication;
  private final RunStore store;
  private final ConsoleSettings settings;
  private final AlertsClient alerts;
  private final byte[] css;

  public ConsoleRoutes(Authentication authentication, RunStore store, ConsoleSettings settings) {
    this.authentication = authentication;
    this.store = store;
    this.settings = settings;
    this.alerts = new AlertsClient(settings.alertsTimeout());
    this.css = resource(CSS);
  }

  /** Wraps a page handler: API errors become HTML pages with the same status. */
  public Handler page(Handler handler) {
    return ctx -> {
      try {
        handler.handle(ctx);
      } catch (ApiException e) {
        errorPage(ctx, e);
      } catch (StoreException e) {
        log.warn("Run store read failed for {}", ctx.path(), e);
        errorPage(ctx, new ApiException(503, "store_unavailable", "the run store is unavailable, retry later", null));
      }
    };
  }

  public void runs(Context ctx) {
    TenantScope scope = viewer(ctx);
    RunFilter filter = RunFilter.of(ctx);
    RunQuery query;
    try {
      query = filter.toQuery(scope, settings.pageSize());
    } catch (ApiException e) {
      if (e.status() != 400) {
        throw e;
      }
      html(ctx.status(400), RunsPage.render(filter, scope, List.of(), Map.of(), null, e));
      return;
    }
    RunPage page = store.listRuns(query);
    Map<String, String> classes = new HashMap<>();
    for (StoredRun run : page.runs()) {
      JsonNode verdict = store.attachments(run.tenant(), run.runId()).get(TriageView.ATTACHMENT);
      String cls = Json.text(verdict, "class");
      if (cls != null) {
        classes.put(run.tenant() + "/" + run.runId(), cls);
      }
    }
    RunCursor next = page.nextCursor();
    html(ctx, RunsPage.render(filter, scope, page.runs(), classes, next == null ? null : next.encode(), null));
  }

  public void run(Context ctx) {
    TenantScope scope = viewer(ctx);
    String runId = ctx.pathParam("runId");
    String requested = ctx.queryParam("tenant");
    String tenant = Viewer.tenant(requested == null || requested.isBlank() ? null : requested, scope);
    StoredRun run =
        store.findRun(tenant, runId)
            .orElseThrow(() -> new ApiException(404, "not_found", "no run with id '" + runId + "'", "runId"));
    Map<String, JsonNode> attachments = store.attachments(run.tenant(), run.runId());
    List<StoredRun> attempts = Attempts.chainOf(run, workloadRuns(run));
    AlertsClient.Answer answer = alerts.fetch(ctx);
    var page = new RunDetailPage(run, attachments, attempts, answer, settings.skewRatioThreshold());
    html(ctx, page.render(scope));
  }

  public void alerts(Context ctx) {
    TenantScope scope = viewer(ctx);
    html(ctx, AlertsPage.render(alerts.fetch(ctx), scope));
  }

  /**
   * The viewer's scope: 401 without accepted credentials; 403 for a tenant's token unless {@link
   * ConsoleSettings#tenantAccess()} lets tenants in.
   */
  private TenantScope viewer(Context ctx) {
    TenantScope scope = authentication.scopeOf(ctx);
    if (!scope.isAll() && !settings.tenantAccess()) {
      throw new ApiException(403, OPERATOR_REQUIRED, OPERATOR_MESSAGE, "Authorization");
    }
    return scope;
  }

  public void login(Context ctx) {
    html(ctx, LoginPage.render(null, null));
  }

  /** Stores the submitted token as the console cookie; the next page checks it. */
  public void submitLogin(Context ctx) {
    String token = ctx.formParam("token");
    if (token == null || token.isBlank()) {
      html(ctx.status(400), LoginPage.render("token must not be empty", "token"));
      return;
    }
    ctx.header("Set-Cookie", TokenFilter.setCookie(token.trim(), settings.secureCookie()));
    ctx.redirect("/ui/runs", io.javalin.http.HttpStatus.SEE_OTHER);
  }

  public void logout(Context ctx) {
    ctx.header("Set-Cookie", TokenFilter.clearCookie(settings.secureCookie()));
    ctx.redirect("/ui/login", io.javalin.http.HttpStatus.SEE_OTHER);
  }

  public void css(Context ctx) {
    ctx.contentType("text/css; charset=utf-8").header("Cache-Control", "max-age=3600").result(css);
  }

  private List<StoredRun> workloadRuns(StoredRun run) {
    String workload = run.identity().workload();
    if (workload == null) {
      return List.of(run);
    }
    RunQuery query = RunQuery.builder().tenant(run.tenant()).workload(workload).limit(settings.maxAttemptsShown()).build();
    return store.listRuns(query).runs();
  }

  private void errorPage(Context ctx, ApiException e) {
    ctx.status(e.status());
    if (wantsJson(ctx)) {
      ctx.json(e.body());
      return;
    }
    if (e.status() == 401) {
      html(ctx, LoginPage.render(e.body().error(), e.body().field()));
      return;
    }
    Html h = new Html();
    h.raw("<h1>").text(e.status() == 404 ? "Not found" : "Cannot show this page").raw("</h1>")
        .raw("<p class=\"error\" id=\"page-error\"").attr("data-field", e.body().field()).raw(">")
        .text(e.body().error()).raw("</p>");
    if (OPERATOR_REQUIRED.equals(e.body().reason())) {
      h.raw("<p><a id=\"switch-token\" href=\"/ui/logout\">Sign in with an operator token</a></p>");
    } else {
      h.raw("<p><a href=\"/ui/runs\">Back to runs</a></p>");
    }
    html(ctx, Layout.page("Error", null, h.toString()));
  }

  /** A client that asks for JSON and not HTML (scripts, {@code curl -H 'Accept: application/json'}). */
  private static boolean wantsJson(Context ctx) {
    String accept = ctx.header("Accept");
    return accept != null && accept.contains("application/json") && !accept.contains("text/html");
  }

  private static void html(Context ctx, String page) {
    ctx.contentType("text/html; charset=utf-8").result(page);
  }

  private static byte[] resource(String path) {
    try (InputStream in = ConsoleRoutes.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
