package io.sparkplane.alerting.notify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkplane.alerting.Alert;
import io.sparkplane.alerting.Classification;
import java.time.Instant;
import java.util.Map;

/**
 * PagerDuty Events API v2: {@code trigger} while firing and {@code resolve} when resolved, with the
 * alert key as {@code dedup_key}, so one alert key is one incident however often it repeats.
 *
 * <pre>{@code
 * {"routing_key":"...","event_action":"trigger","dedup_key":"failure-burst:tenant=acme",
 *  "payload":{"summary":"...","source":"sparkplane","severity":"critical","timestamp":"...",
 *             "component":"tenant=acme","group":"failure-burst","class":"OOM","custom_details":{...}}}
 * }</pre>
 */
public final class PagerDutyNotifier implements Notifier {

  /** PagerDuty truncates longer summaries; we cut them ourselves so the end is readable. */
  static final int MAX_SUMMARY = 1024;

  private final PagerDutyConfig config;
  private final JsonPoster poster;

  public PagerDutyNotifier(PagerDutyConfig config) {
    this.config = config;
    this.poster = new JsonPoster(AlertJson.mapper(), config.delivery().timeout());
  }

  @Override
  public void send(Notification n) {
    poster.post(config.url(), Map.of(), payload(n, config));
  }

  static ObjectNode payload(Notification n, PagerDutyConfig config) {
    Alert alert = n.alert();
    ObjectNode body = AlertJson.mapper().createObjectNode();
    body.put("routing_key", config.routingKey());
    body.put("event_action", n.isResolved() ? "resolve" : "trigger");
    body.put("dedup_key", alert.id());
    if (n.isResolved()) {
      return body;
    }
    ObjectNode payload = body.putObject("payload");
    String summary = n.headline();
    payload.put("summary", summary.length() > MAX_SUMMARY ? summary.substring(0, MAX_SUMMARY - 1) + "…" : summary);
    payload.put("source", config.source());
    payload.put("severity", alert.level().label());
    payload.put("timestamp", Instant.ofEpochMilli(alert.startsAtMs()).toString());
    payload.put("component", componentOf(alert));
    payload.put("group", alert.key().rule());
    if (!Classification.UNKNOWN.equals(n.classification().dominantClass())) {
      payload.put("class", n.classification().dominantClass());
    }
    payload.set("custom_details", AlertJson.alert(alert, n.classification()));
    body.put("client", "Sparkplane");
    return body;
  }

  private static String componentOf(Alert alert) {
    StringBuilder sb = new StringBuilder();
    alert.key().labels().forEach((k, v) -> {
      if (!"scope".equals(k)) {
        if (!sb.isEmpty()) {
          sb.append(',');
        }
        sb.append(k).append('=').append(v);
      }
    });
    return sb.isEmpty() ? "global" : sb.toString();
  }
}
