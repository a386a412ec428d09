package io.sparkplane.alerting.notify;

/** Builds {@link WebhookNotifier} for {@code type: webhook}. */
public final class WebhookNotifierBuilder implements NotifierBuilder<WebhookConfig> {

  @Override
  public String type() {
    return WebhookConfig.TYPE;
  }

  @Override
  public Class<WebhookConfig> configType() {
    return WebhookConfig.class;
  }

  @Override
  public Notifier build(WebhookConfig config) {
    return new WebhookNotifier(config);
  }
}
