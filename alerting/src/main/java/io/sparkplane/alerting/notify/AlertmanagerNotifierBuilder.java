package io.sparkplane.alerting.notify;

/** Builds {@link AlertmanagerNotifier} for {@code type: alertmanager}. */
public final class AlertmanagerNotifierBuilder implements NotifierBuilder<AlertmanagerConfig> {

  @Override
  public String type() {
    return AlertmanagerConfig.TYPE;
  }

  @Override
  public Class<AlertmanagerConfig> configType() {
    return AlertmanagerConfig.class;
  }

  @Override
  public Notifier build(AlertmanagerConfig config) {
    return new AlertmanagerNotifier(config);
  }
}
