package io.sparkplane.alerting.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkplane.alerting.Alert;
import io.sparkplane.alerting.AlertFacts;
import io.sparkplane.alerting.AlertKey;
import io.sparkplane.alerting.Classification;
import io.sparkplane.alerting.RunRef;
import io.sparkplane.alerting.engine.RuleNames;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON form of an alert, shared by {@code GET /api/v1/alerts} and the webhook notifier (see
 * docs/alerting.md for the fields).
 */
public final class AlertJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private AlertJson() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static ObjectNode alert(Alert alert, Classification classification) {
    AlertKey key = alert.key();
    AlertFacts facts = alert.facts();
    ObjectNode node = MAPPER.createObjectNode();
    node.put("id", alert.id());
    node.put("rule", key.rule());
    node.put("alertname", RuleNames.alertName(key.rule()));
    node.put("scope", key.scope().label());
    if (key.tenant() != null) {
      node.put("tenant", key.tenant());
    }
    if (key.region() != null) {
      node.put("region", key.region());
    }
    if (key.workload() != null) {
      node.put("workload", key.workload());
    }
    node.put("level", alert.level().label());
    node.put("state", alert.state().name().toLowerCase(Locale.ROOT));
    node.put("startsAt", Instant.ofEpochMilli(alert.startsAtMs()).toString());
    if (alert.resolvedAtMs() != null) {
      node.put("resolvedAt", Instant.ofEpochMilli(alert.resolvedAtMs()).toString());
    }
    node.put("count", facts.count());
    node.put("total", facts.total());
    node.put("value", facts.value());
    node.put("threshold", facts.threshold());
    ObjectNode window = node.putObject("window");
    window.put("start", Instant.ofEpochMilli(facts.windowStartMs()).toString());
    window.put("end", Instant.ofEpochMilli(facts.windowEndMs()).toString());
    window.put("startMs", facts.windowStartMs());
    window.put("endMs", facts.windowEndMs());
    node.put("summary", facts.summary());
    ArrayNode runs = node.putArray("runs");
    for (RunRef run : facts.runs()) {
      runs.addObject().put("tenant", run.tenant()).put("runId", run.runId()).put("endTimeMs", run.endTimeMs());
    }
    node.set("classification", classification(classification));
    return node;
  }

  public static ObjectNode classification(Classification classification) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("dominantClass", classification.dominantClass());
    ObjectNode counts = node.putObject("counts");
    for (Map.Entry<String, Integer> e : classification.counts().entrySet()) {
      counts.put(e.getKey(), e.getValue());
    }
    ArrayNode examples = node.putArray("examples");
    for (Classification.Example ex : classification.examples()) {
      examples
          .addObject()
          .put("tenant", ex.tenant())
          .put("runId", ex.runId())
          .put("class", ex.triageClass())
          .put("summary", ex.summary());
    }
    return node;
  }
}
