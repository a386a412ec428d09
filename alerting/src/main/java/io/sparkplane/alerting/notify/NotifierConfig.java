package io.sparkplane.alerting.notify;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Duration;
import java.util.Optional;

/**
 * Settings of one notifier; {@code type} in the YAML picks the implementation ({@link
 * NotifierBuilders}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = AlertmanagerConfig.class, name = AlertmanagerConfig.TYPE),
  @JsonSubTypes.Type(value = PagerDutyConfig.class, name = PagerDutyConfig.TYPE),
  @JsonSubTypes.Type(value = WebhookConfig.class, name = WebhookConfig.TYPE)
})
public sealed interface NotifierConfig permits AlertmanagerConfig, PagerDutyConfig, WebhookConfig {

  /** The {@code type} name. */
  String type();

  /** Name in metrics and logs; defaults to the type. */
  String name();

  DeliverySettings delivery();

  /** Overrides the routing repeat interval for this notifier. */
  Optional<Duration> repeatInterval();
}
