package io.sparkplane.console.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.console.ConsoleLinks;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Renders a JSON document whose shape the console does not know (retry records, estimates): scalars
 * as a definition list, arrays of objects as tables, and any {@code runId} as a link to that run's
 * page. Bounded: at most {@value #MAX_ROWS} rows per array. Internal.
 */
public final class JsonView {

  static final int MAX_ROWS = 200;
  private static final int MAX_DEPTH = 4;

  private JsonView() {}

  public static String render(JsonNode node, String fallbackTenant) {
    Html h = new Html();
    value(h, node, fallbackTenant, 0);
    return h.toString();
  }

  private static void value(Html h, JsonNode node, String tenant, int depth) {
    if (depth >= MAX_DEPTH) {
      h.raw("<code>").text(node.toString()).raw("</code>");
    } else if (node.isObject()) {
      object(h, node, tenant, depth);
    } else if (node.isArray()) {
      array(h, node, tenant, depth);
    } else {
      h.text(node.isNull() ? "—" : node.asText());
    }
  }

  private static void object(Html h, JsonNode node, String tenant, int depth) {
    String rowTenant = Json.text(node, "tenant") != null ? Json.text(node, "tenant") : tenant;
    h.raw("<dl class=\"json\">");
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      h.element("dt", name).raw("<dd>");
      cell(h, name, node.get(name), rowTenant, depth);
      h.raw("</dd>");
    }
    h.raw("</dl>");
  }

  private static void array(Html h, JsonNode node, String tenant, int depth) {
    boolean allObjects = node.size() > 0;
    Set<String> columns = new LinkedHashSet<>();
    for (JsonNode item : node) {
      if (!item.isObject()) {
        allObjects = false;
        break;
      }
      item.fieldNames().forEachRemaining(columns::add);
    }
    if (!allObjects) {
      h.raw("<ul class=\"json\">");
      int n = 0;
      for (JsonNode item : node) {
        if (n++ >= MAX_ROWS) {
          break;
        }
        h.raw("<li>");
        value(h, item, tenant, depth + 1);
        h.raw("</li>");
      }
      h.raw("</ul>");
      return;
    }
    List<String> cols = new ArrayList<>(columns);
    h.raw("<table class=\"json\"><thead><tr>");
    cols.forEach(c -> h.element("th", c));
    h.raw("</tr></thead><tbody>");
    int n = 0;
    for (JsonNode item : node) {
      if (n++ >= MAX_ROWS) {
        break;
      }
      String rowTenant = Json.text(item, "tenant") != null ? Json.text(item, "tenant") : tenant;
      h.raw("<tr>");
      for (String c : cols) {
        h.raw("<td>");
        JsonNode v = item.get(c);
        if (v != null) {
          cell(h, c, v, rowTenant, depth + 1);
        }
        h.raw("</td>");
      }
      h.raw("</tr>");
    }
    h.raw("</tbody></table>");
    if (node.size() > MAX_ROWS) {
      h.raw("<p class=\"note\">").text((node.size() - MAX_ROWS) + " more not shown").raw("</p>");
    }
  }

  private static void cell(Html h, String name, JsonNode v, @Nullable String tenant, int depth) {
    if (isRunIdField(name) && v.isTextual() && tenant != null && !tenant.isBlank()) {
      h.link(ConsoleLinks.runPath(tenant, v.asText()), v.asText());
    } else if (name.endsWith("AtMs") || name.endsWith("TimeMs")) {
      h.text(v.canConvertToLong() ? Formats.time(v.asLong()) : v.asText());
    } else {
      value(h, v, tenant == null ? "" : tenant, depth);
    }
  }

  private static boolean isRunIdField(String name) {
    return name.equals("runId") || name.endsWith("RunId");
  }
}
