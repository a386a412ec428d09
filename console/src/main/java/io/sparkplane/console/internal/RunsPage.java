package io.sparkplane.console.internal;

import io.sparkplane.collector.auth.TenantScope;
import io.sparkplane.collector.http.ApiException;
import io.sparkplane.collector.store.StoredRun;
import io.sparkplane.console.ConsoleLinks;
import io.sparkplane.wire.RunStatus;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The runs list: the filter form, a table of runs, a link to the next page. Internal. */
public final class RunsPage {

  private RunsPage() {}

  /**
   * @param runs the page's runs, or empty when {@code error} is set
   * @param triageClass triage class by {@code tenant + "/" + runId}, for runs that have a verdict
   * @param nextCursor where the next page starts, if any
   * @param error the filter error to show instead of results, if any
   */
  public static String render(
      RunFilter filter,
      TenantScope scope,
      List<StoredRun> runs,
      Map<String, String> triageClass,
      @Nullable String nextCursor,
      @Nullable ApiException error) {
    Html h = new Html();
    h.raw("<h1>Runs</h1>");
    form(h, filter, scope, error);
    if (error != null) {
      h.raw("<p class=\"error\" id=\"filter-error\"").attr("data-field", error.body().field()).raw(">")
          .text(error.body().error()).raw("</p>");
      return Layout.page("Runs", scope, h.toString());
    }
    if (runs.isEmpty()) {
      h.raw("<p class=\"empty\" id=\"no-runs\">No runs match these filters.</p>");
      return Layout.page("Runs", scope, h.toString());
    }
    h.raw("<table class=\"runs\" id=\"runs\"><thead><tr><th>Run</th><th>Tenant</th><th>Workload</th>")
        .raw("<th>Attempt</th><th>Status</th><th>Triage</th><th>Submitted</th><th>Duration</th></tr></thead><tbody>");
    for (StoredRun run : runs) {
      String status = run.status().name();
      h.raw("<tr class=\"run\"").attr("data-run-id", run.runId()).attr("data-status", status).raw(">");
      h.raw("<td>").link(ConsoleLinks.runPath(run.tenant(), run.runId()), run.runId()).raw("</td>");
      h.element("td", run.tenant());
      h.element("td", run.identity().workload() == null ? "—" : run.identity().workload());
      h.element("td", run.identity().attempt());
      h.raw("<td>").raw(statusBadge(status)).raw("</td>");
      String cls = triageClass.get(run.tenant() + "/" + run.runId());
      h.raw("<td>");
      if (cls != null) {
        h.raw("<span class=\"triage-class\">").text(cls).raw("</span>");
      }
      h.raw("</td>");
      h.element("td", Formats.time(run.submitTimeMs()));
      h.element("td", duration(run));
      h.raw("</tr>");
    }
    h.raw("</tbody></table>");
    if (nextCursor != null) {
      h.raw("<p class=\"paging\"><a id=\"next-page\"").attr("href", "/ui/runs" + filter.queryString(nextCursor))
          .raw(">Older runs →</a></p>");
    }
    return Layout.page("Runs", scope, h.toString());
  }

  static String statusBadge(String status) {
    return new Html()
        .raw("<span")
        .attr("class", "status status-" + status.toLowerCase(Locale.ROOT))
        .raw(">")
        .text(status)
        .raw("</span>")
        .toString();
  }

  private static String duration(StoredRun run) {
    if (run.summary() != null && run.summary().timing() != null && run.summary().timing().durationMs() != null) {
      return Formats.millis(run.summary().timing().durationMs());
    }
    if (run.endTimeMs() != null) {
      long from = run.startTimeMs() != null ? run.startTimeMs() : run.submitTimeMs();
      return Formats.millis(run.endTimeMs() - from);
    }
    return "—";
  }

  private static void form(Html h, RunFilter filter, TenantScope scope, @Nullable ApiException error) {
    h.raw("<form class=\"filters\" id=\"filters\" method=\"get\" action=\"/ui/runs\">");
    h.raw("<label>Tenant <input name=\"tenant\" id=\"f-tenant\"")
        .attr("value", scope.isAll() ? filter.tenant() : scope.tenant());
    if (!scope.isAll()) {
      h.raw(" readonly");
    }
    h.raw("></label>");
    h.raw("<label>Workload <input name=\"workload\" id=\"f-workload\"").attr("value", filter.workload()).raw("></label>");
    h.raw("<label>Status <select name=\"status\" id=\"f-status\"><option value=\"\">any</option>");
    for (RunStatus s : RunStatus.values()) {
      h.raw("<option").attr("value", s.name());
      if (s.name().equalsIgnoreCase(filter.status() == null ? "" : filter.status())) {
        h.raw(" selected");
      }
      h.raw(">").text(s.name()).raw("</option>");
    }
    h.raw("</select></label>");
    h.raw("<label>From (UTC) <input type=\"datetime-local\" step=\"1\" name=\"from\" id=\"f-from\"")
        .attr("value", localValue(filter.from())).raw("></label>");
    h.raw("<label>To (UTC) <input type=\"datetime-local\" step=\"1\" name=\"to\" id=\"f-to\"")
        .attr("value", localValue(filter.to())).raw("></label>");
    h.raw("<button type=\"submit\" id=\"f-apply\">Filter</button> <a href=\"/ui/runs\">clear</a></form>");
  }

  /** Keeps what the user typed in a datetime-local input only when the input can show it. */
  private static @Nullable String localValue(@Nullable String value) {
    return value != null && value.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2})?") ? value : null;
  }
}
