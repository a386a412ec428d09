package io.sparkplane.console.internal;

import io.sparkplane.collector.auth.TenantScope;
import org.jspecify.annotations.Nullable;

/** The page shell: head, navigation, who is looking. Internal. */
public final class Layout {

  private Layout() {}

  /**
   * @param scope the viewer's scope, or {@code null} when the request was not authenticated
   */
  public static String page(String title, @Nullable TenantScope scope, String body) {
    Html h = new Html();
    h.raw("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .raw("<title>")
        .text(title)
        .raw(" · Sparkplane</title>")
        .raw("<link rel=\"stylesheet\" href=\"/ui/static/console.css\"></head><body>")
        .raw("<header class=\"top\"><a class=\"brand\" href=\"/ui/runs\">Sparkplane</a><nav>")
        .raw("<a href=\"/ui/runs\">Runs</a><a href=\"/ui/alerts\">Alerts</a></nav>")
        .raw("<span class=\"who\">");
    if (scope != null) {
      h.text(scope.isAll() ? "all tenants" : "tenant " + scope.tenant());
      h.raw(" · <a href=\"/ui/logout\">sign out</a>");
    }
    h.raw("</span></header><main>").raw(body).raw("</main></body></html>");
    return h.toString();
  }
}
