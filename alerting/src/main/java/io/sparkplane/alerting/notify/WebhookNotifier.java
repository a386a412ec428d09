package io.sparkplane.alerting.notify;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * POSTs {@code {"version":"1","kind":"firing|repeat|resolved","status":"firing|resolved",
 * "headline":..., "alert":{...}}} to a URL; {@code alert} has the form of {@code GET /api/v1/alerts}.
 */
public final class WebhookNotifier implements Notifier {

  private final WebhookConfig config;
  private final JsonPoster poster;

  public WebhookNotifier(WebhookConfig config) {
    this.config = config;
    this.poster = new JsonPoster(AlertJson.mapper(), config.delivery().timeout());
  }

  @Override
  public void send(Notification n) {
    poster.post(config.url(), config.headers(), payload(n));
  }

  static ObjectNode payload(Notification n) {
    ObjectNode body = AlertJson.mapper().createObjectNode();
    body.put("version", "1");
    body.put("kind", n.kind().label());
    body.put("status", n.isResolved() ? "resolved" : "firing");
    body.put("headline", n.headline());
    body.put("sentAt", n.sentAt().toString());
    body.set("alert", AlertJson.alert(n.alert(), n.classification()));
    return body;
  }
}
