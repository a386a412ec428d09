package io.sparkplane.alerting.notify;

/** Builds {@link PagerDutyNotifier} for {@code type: pagerduty}. */
public final class PagerDutyNotifierBuilder implements NotifierBuilder<PagerDutyConfig> {

  @Override
  public String type() {
    return PagerDutyConfig.TYPE;
  }

  @Override
  public Class<PagerDutyConfig> configType() {
    return PagerDutyConfig.class;
  }

  @Override
  public Notifier build(PagerDutyConfig config) {
    return new PagerDutyNotifier(config);
  }
}
