package io.sparkplane.alerting.notify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkplane.alerting.Alert;
import io.sparkplane.alerting.AlertFacts;
import io.sparkplane.alerting.Classification;
import io.sparkplane.alerting.engine.RuleNames;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Posts alerts to Alertmanager ({@code POST /api/v2/alerts}) with the labels the shipped
 * Prometheus rules use ({@code alertname}, {@code severity}, {@code scope}, {@code tenant}, {@code
 * region}, ...), so Alertmanager groups and routes built-in and Prometheus alerts alike. A firing
 * alert's {@code endsAt} lies four resends ahead; a resolved one's is its resolve time.
 */
public final class AlertmanagerNotifier implements Notifier {

  private final AlertmanagerConfig config;
  private final URI endpoint;
  private final JsonPoster poster;

  public AlertmanagerNotifier(AlertmanagerConfig config) {
    this.config = config;
    this.endpoint = config.url().resolve("/api/v2/alerts");
    this.poster = new JsonPoster(AlertJson.mapper(), config.delivery().timeout());
  }

  @Override
  public void send(Notification n) {
    ArrayNode body = AlertJson.mapper().createArrayNode();
    body.add(alert(n, config));
    poster.post(endpoint, Map.of(), body);
  }

  static ObjectNode alert(Notification n, AlertmanagerConfig config) {
    Alert alert = n.alert();
    AlertFacts facts = alert.facts();
    Classification c = n.classification();
    ObjectNode node = AlertJson.mapper().createObjectNode();
    ObjectNode labels = node.putObject("labels");
    labels.put("alertname", RuleNames.alertName(alert.key().rule()));
    labels.put("severity", alert.level().label());
    labels.put("rule", alert.key().rule());
    alert.key().labels().forEach(labels::put);
    String burnWindow = RuleNames.burnWindow(alert.key().rule());
    if (!burnWindow.isEmpty()) {
      labels.put("burn_window", burnWindow);
    }
    labels.put("source", "sparkplane");
    config.extraLabels().forEach(labels::put);
    ObjectNode annotations = node.putObject("annotations");
    annotations.put("summary", n.headline());
    annotations.put("alert_key", alert.id());
    annotations.put("count", Long.toString(facts.count()));
    annotations.put("threshold", Double.toString(facts.threshold()));
    annotations.put("value", Double.toString(facts.value()));
    annotations.put("window_start", Instant.ofEpochMilli(facts.windowStartMs()).toString());
    annotations.put("window_end", Instant.ofEpochMilli(facts.windowEndMs()).toString());
    annotations.put("triage_class", c.dominantClass());
    annotations.put(
        "triage_counts",
        c.counts().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")));
    annotations.put(
        "example_runs",
        facts.runs().stream().map(r -> r.runId()).collect(Collectors.joining(", ")));
    annotations.put(
        "triage_summaries",
        c.examples().stream()
            .map(e -> e.runId() + " [" + e.triageClass() + "]: " + e.summary())
            .collect(Collectors.joining("\n")));
    node.put("startsAt", Instant.ofEpochMilli(alert.startsAtMs()).toString());
    Instant endsAt =
        n.isResolved() && alert.resolvedAtMs() != null
            ? Instant.ofEpochMilli(alert.resolvedAtMs())
            : n.sentAt().plus(config.resend().multipliedBy(4));
    node.put("endsAt", endsAt.toString());
    if (config.generatorUrl() != null) {
      node.put("generatorURL", config.generatorUrl());
    }
    return node;
  }
}
