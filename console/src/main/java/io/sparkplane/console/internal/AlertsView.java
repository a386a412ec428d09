package io.sparkplane.console.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.console.ConsoleLinks;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Alerts as {@code GET /api/v1/alerts} returns them (see docs/alerting.md): rule, scope, level,
 * state, the one-line summary, the triage classification with example runs, and the counted runs,
 * each linked to its page. Internal.
 */
public final class AlertsView {

  /** Counted runs linked per alert; the API already bounds them, this bounds the page. */
  static final int MAX_RUN_LINKS = 10;

  /** Classified example runs shown per alert. */
  static final int MAX_EXAMPLES = 3;

  /** Characters of an example's summary shown; the run's page has the whole verdict. */
  static final int SUMMARY_CHARS = 110;

  private AlertsView() {}

  public static String table(List<JsonNode> alerts, String id) {
    Html h = new Html();
    h.raw("<table class=\"alerts\"").attr("id", id).raw("><thead><tr><th>Level</th><th>Alert</th><th>Scope</th>")
        .raw("<th>State</th><th>Since</th><th>Summary</th><th>Classification</th><th>Runs</th></tr></thead><tbody>");
    for (JsonNode a : alerts) {
      String level = Json.text(a, "level");
      h.raw("<tr class=\"alert\"").attr("data-alert-id", Json.text(a, "id")).raw(">");
      h.raw("<td><span").attr("class", "level level-" + (level == null ? "unknown" : level.toLowerCase(Locale.ROOT)))
          .raw(">").text(level).raw("</span></td>");
      String name = Json.text(a, "alertname") != null ? Json.text(a, "alertname") : Json.text(a, "rule");
      h.element("td", name);
      h.element("td", scope(a));
      h.element("td", Json.text(a, "state"));
      h.element("td", since(Json.text(a, "startsAt")));
      h.element("td", Json.text(a, "summary"));
      h.raw("<td>");
      classification(h, Json.object(a, "classification"));
      h.raw("</td><td>");
      runs(h, Json.array(a, "runs"));
      h.raw("</td></tr>");
    }
    return h.raw("</tbody></table>").toString();
  }

  /** Whether the alert counted this run or shows it as an example. */
  public static boolean mentions(JsonNode alert, String tenant, String runId) {
    List<JsonNode> refs = new ArrayList<>(Json.array(alert, "runs"));
    refs.addAll(Json.array(Json.object(alert, "classification"), "examples"));
    for (JsonNode r : refs) {
      if (runId.equals(Json.text(r, "runId")) && tenant.equals(Json.text(r, "tenant"))) {
        return true;
      }
    }
    return false;
  }

  private static String scope(JsonNode a) {
    StringBuilder s = new StringBuilder(String.valueOf(Json.text(a, "scope")));
    for (String label : List.of("tenant", "region", "workload")) {
      String v = Json.text(a, label);
      if (v != null) {
        s.append(' ').append(label).append('=').append(v);
      }
    }
    return s.toString();
  }

  private static void classification(Html h, @org.jspecify.annotations.Nullable JsonNode c) {
    if (c == null) {
      return;
    }
    h.raw("<span class=\"triage-class\">").text(Json.text(c, "dominantClass")).raw("</span>");
    JsonNode counts = Json.object(c, "counts");
    if (counts != null && counts.size() > 0) {
      List<String> parts = new ArrayList<>();
      for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) counts::fields) {
        parts.add(e.getKey() + " " + e.getValue().asText());
      }
      h.raw(" <span class=\"note\">").text(String.join(", ", parts)).raw("</span>");
    }
    List<JsonNode> examples = Json.array(c, "examples");
    if (!examples.isEmpty()) {
      h.raw("<ul class=\"examples\">");
      for (JsonNode ex : examples.subList(0, Math.min(MAX_EXAMPLES, examples.size()))) {
        String tenant = Json.text(ex, "tenant");
        String runId = Json.text(ex, "runId");
        h.raw("<li>");
        if (tenant != null && runId != null) {
          h.raw("<a class=\"example-run\"").attr("href", ConsoleLinks.runPath(tenant, runId)).raw(">").text(runId).raw("</a> ");
        }
        h.raw("<span class=\"note\">").text(shorten(Json.text(ex, "summary"))).raw("</span></li>");
      }
      h.raw("</ul>");
    }
  }

  private static String shorten(@org.jspecify.annotations.Nullable String s) {
    if (s == null) {
      return "";
    }
    return s.length() <= SUMMARY_CHARS ? s : s.substring(0, SUMMARY_CHARS - 1) + "…";
  }

  private static String since(@org.jspecify.annotations.Nullable String iso) {
    if (iso == null) {
      return "—";
    }
    try {
      return Formats.time(java.time.Instant.parse(iso).toEpochMilli());
    } catch (java.time.format.DateTimeParseException e) {
      return iso;
    }
  }

  private static void runs(Html h, List<JsonNode> runs) {
    int n = 0;
    for (int i = runs.size() - 1; i >= 0 && n < MAX_RUN_LINKS; i--, n++) {
      JsonNode r = runs.get(i);
      String tenant = Json.text(r, "tenant");
      String runId = Json.text(r, "runId");
      if (tenant != null && runId != null) {
        h.raw("<a class=\"counted-run\"").attr("href", ConsoleLinks.runPath(tenant, runId)).raw(">").text(runId).raw("</a> ");
      }
    }
    if (runs.size() > MAX_RUN_LINKS) {
      h.raw("<span class=\"note\">").text("+" + (runs.size() - MAX_RUN_LINKS) + " more").raw("</span>");
    }
  }
}
