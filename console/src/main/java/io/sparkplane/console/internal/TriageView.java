package io.sparkplane.console.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The triage verdict attached to a run (attachment {@value #ATTACHMENT}, written by auto-triage):
 * class, confidence, summary, evidence, secondary findings and remedies. Read field by field so a
 * verdict of a newer or older shape still shows what it has. Internal.
 */
public final class TriageView {

  public static final String ATTACHMENT = "triage";
  static final String DATA_SKEW = "DATA_SKEW";

  private TriageView() {}

  /** Stages that a data-skew verdict or finding points at. */
  public static Set<Integer> skewStages(@Nullable JsonNode verdict) {
    Set<Integer> stages = new HashSet<>();
    if (verdict == null) {
      return stages;
    }
    if (DATA_SKEW.equals(Json.text(verdict, "class"))) {
      addStages(stages, verdict);
    }
    for (JsonNode finding : Json.array(verdict, "secondary")) {
      String cls = Json.text(finding, "triageClass") != null ? Json.text(finding, "triageClass") : Json.text(finding, "class");
      if (DATA_SKEW.equals(cls)) {
        addStages(stages, finding);
      }
    }
    return stages;
  }

  private static void addStages(Set<Integer> stages, JsonNode holder) {
    for (JsonNode e : Json.array(holder, "evidence")) {
      Long id = Json.integer(e, "stageId");
      if (id != null) {
        stages.add(id.intValue());
      }
    }
  }

  public static String render(@Nullable JsonNode verdict) {
    Html h = new Html();
    h.raw("<section id=\"triage\"><h2>Triage</h2>");
    if (verdict == null || !verdict.isObject()) {
      h.raw("<p class=\"empty\">No triage verdict. Runs are triaged when they fail, are lost or miss their SLA.</p></section>");
      return h.toString();
    }
    String cls = Json.text(verdict, "class");
    h.raw("<div class=\"verdict\"").attr("data-class", cls).raw(">");
    h.raw("<p class=\"verdict-head\"><span class=\"triage-class\" id=\"triage-class\">").text(cls == null ? "UNKNOWN" : cls).raw("</span>");
    Double confidence = Json.number(verdict, "confidence");
    if (confidence != null) {
      h.raw(" <span class=\"confidence\">").text(String.format(Locale.ROOT, "confidence %.0f%%", confidence * 100)).raw("</span>");
    }
    String trigger = Json.text(verdict, "trigger");
    if (trigger != null) {
      h.raw(" <span class=\"trigger\">").text("triggered by " + trigger).raw("</span>");
    }
    h.raw("</p>");
    h.raw("<p class=\"verdict-summary\" id=\"triage-summary\">").text(Json.text(verdict, "summary")).raw("</p>");
    evidence(h, Json.array(verdict, "evidence"));
    List<JsonNode> secondary = Json.array(verdict, "secondary");
    if (!secondary.isEmpty()) {
      h.raw("<h3>Also found</h3><ul class=\"secondary\">");
      for (JsonNode f : secondary) {
        String fc = Json.text(f, "triageClass") != null ? Json.text(f, "triageClass") : Json.text(f, "class");
        h.raw("<li><span class=\"triage-class\">").text(fc).raw("</span> ").text(Json.text(f, "summary")).raw("</li>");
      }
      h.raw("</ul>");
    }
    remedies(h, Json.array(verdict, "remedies"));
    h.raw("<p class=\"note\">");
    String fingerprint = Json.text(verdict, "fingerprint");
    if (fingerprint != null) {
      h.text("fingerprint " + fingerprint + " · ");
    }
    h.text("triaged " + Formats.time(Json.integer(verdict, "triagedAtMs"))).raw("</p>");
    return h.raw("</div></section>").toString();
  }

  private static void evidence(Html h, List<JsonNode> evidence) {
    if (evidence.isEmpty()) {
      return;
    }
    h.raw("<h3>Evidence</h3><table class=\"evidence\" id=\"evidence\"><thead><tr><th>Kind</th><th>Name</th>")
        .raw("<th>Value</th><th>Threshold</th><th>Stage</th><th>Detail</th></tr></thead><tbody>");
    for (JsonNode e : evidence) {
      h.raw("<tr>").element("td", Json.text(e, "kind")).element("td", Json.text(e, "name"));
      Double value = Json.number(e, "value");
      Double threshold = Json.number(e, "threshold");
      h.element("td", value == null ? "" : Formats.number(value));
      h.element("td", threshold == null ? "" : Formats.number(threshold));
      Long stage = Json.integer(e, "stageId");
      h.raw("<td>");
      if (stage != null) {
        h.link("#stage-" + stage, "stage " + stage);
      }
      h.raw("</td><td>");
      String text = Json.text(e, "text");
      if (text != null) {
        h.raw("<code>").text(text).raw("</code>");
      }
      h.raw("</td></tr>");
    }
    h.raw("</tbody></table>");
  }

  private static void remedies(Html h, List<JsonNode> remedies) {
    if (remedies.isEmpty()) {
      return;
    }
    h.raw("<h3>Remedies</h3><ol class=\"remedies\" id=\"remedies\">");
    for (JsonNode r : remedies) {
      h.raw("<li>").text(Json.text(r, "action"));
      JsonNode settings = Json.object(r, "settings");
      if (settings != null && settings.size() > 0) {
        h.raw("<ul class=\"settings\">");
        for (Map.Entry<String, JsonNode> s : (Iterable<Map.Entry<String, JsonNode>>) settings::fields) {
          h.raw("<li><code>").text(s.getKey() + "=" + s.getValue().asText()).raw("</code></li>");
        }
        h.raw("</ul>");
      }
      h.raw("</li>");
    }
    h.raw("</ol>");
  }
}
