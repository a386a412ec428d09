package io.sparkplane.console;

import io.javalin.Javalin;
import io.sparkplane.collector.extension.CollectorExtension;
import io.sparkplane.collector.extension.ExtensionContext;
import io.sparkplane.console.internal.ConsoleRoutes;
import io.sparkplane.console.internal.TokenFilter;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import java.util.Objects;
import org.eclipse.jetty.servlet.FilterHolder;

/**
 * The run console inside the collector's process: server-rendered pages under {@code /ui}.
 *
 * <ul>
 *   <li>{@code GET /ui/runs}: runs with filters {@code tenant}, {@code workload}, {@code status},
 *       {@code from}, {@code to} and paging ({@code cursor})
 *   <li>{@code GET /ui/runs/{runId}?tenant=}: one run: stage timeline, task-duration and
 *       shuffle-read distributions per stage, triage verdict, retry history, attempts, alerts,
 *       listener cost
 *   <li>{@code GET /ui/alerts}: active and recent alerts (from {@code GET /api/v1/alerts}) linked to
 *       their runs
 *   <li>{@code GET|POST /ui/login}, {@code GET /ui/logout}; {@code GET /ui} redirects to the runs
 * </ul>
 *
 * <p>The viewer's token is the {@code Authorization} header, the {@code token} query parameter
 * (which also sets the cookie), or the {@code sparkplane_token} cookie set by the sign-in form. No
 * accepted token: 401 (the sign-in page). The console is an operator tool: by default only an
 * operator's token (one whose scope is every tenant) opens it, and a tenant's token gets 403 with
 * reason {@code operator_required}. With {@link ConsoleSettings#withTenantAccess(boolean)} a
 * tenant's token opens it too, scoped like the API to that tenant's runs (another tenant's run:
 * 403 naming {@code tenant}).
 *
 * <pre>{@code
 * CollectorServer.builder(config).extension(new ConsoleExtension(ConsoleSettings.defaults())).build();
 * }</pre>
 */
public final class ConsoleExtension implements CollectorExtension {

  private final ConsoleSettings settings;

  public ConsoleExtension(ConsoleSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  @Override
  public void start(Javalin app, ExtensionContext context) {
    ConsoleRoutes routes = new ConsoleRoutes(context.authentication(), context.store(), settings);
    TokenFilter filter = new TokenFilter(settings.secureCookie());
    // applied when the server starts, before any request: maps a cookie or ?token= to the header
    app.unsafeConfig()
        .jetty
        .modifyServletContextHandler(
            handler ->
                handler.addFilter(
                    new FilterHolder(filter), ConsoleLinks.ROOT + "/*", EnumSet.of(DispatcherType.REQUEST)));
    app.get(ConsoleLinks.ROOT, ctx -> ctx.redirect(ConsoleLinks.ROOT + "/runs"));
    app.get(ConsoleLinks.ROOT + "/", ctx -> ctx.redirect(ConsoleLinks.ROOT + "/runs"));
    app.get(ConsoleLinks.ROOT + "/runs", routes.page(routes::runs));
    app.get(ConsoleLinks.ROOT + "/runs/{runId}", routes.page(routes::run));
    app.get(ConsoleLinks.ROOT + "/alerts", routes.page(routes::alerts));
    app.get(ConsoleLinks.ROOT + "/login", routes::login);
    app.post(ConsoleLinks.ROOT + "/login", routes::submitLogin);
    app.get(ConsoleLinks.ROOT + "/logout", routes::logout);
    app.get(ConsoleLinks.ROOT + "/static/console.css", routes::css);
  }
}
