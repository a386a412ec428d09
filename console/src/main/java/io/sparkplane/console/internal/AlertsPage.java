package io.sparkplane.console.internal;

import io.sparkplane.collector.auth.TenantScope;

/** Active alerts, then recently resolved ones, with links to the runs behind them. Internal. */
public final class AlertsPage {

  private AlertsPage() {}

  public static String render(AlertsClient.Answer answer, TenantScope scope) {
    Html h = new Html();
    h.raw("<h1>Alerts</h1>");
    if (answer instanceof AlertsClient.NotEnabled) {
      h.raw("<p class=\"empty\" id=\"alerting-disabled\">Alerting is not enabled on this server.</p>");
    } else if (answer instanceof AlertsClient.Unavailable u) {
      h.raw("<p class=\"error\" id=\"alerting-unavailable\">").text(u.reason()).raw("</p>");
    } else if (answer instanceof AlertsClient.Alerts a) {
      var active = Json.array(a.body(), "active");
      var recent = Json.array(a.body(), "recent");
      h.raw("<h2>Active</h2>");
      if (active.isEmpty()) {
        h.raw("<p class=\"empty\" id=\"no-active-alerts\">No active alerts.</p>");
      } else {
        h.raw(AlertsView.table(active, "active-alerts"));
      }
      h.raw("<h2>Recently resolved</h2>");
      if (recent.isEmpty()) {
        h.raw("<p class=\"empty\">None.</p>");
      } else {
        h.raw(AlertsView.table(recent, "recent-alerts"));
      }
    }
    return Layout.page("Alerts", scope, h.toString());
  }
}
