package io.sparkplane.alerting.notify;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.sparkplane.alerting.config.ConfigFieldException;
import io.sparkplane.alerting.config.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@code type: pagerduty}: PagerDuty Events API v2, one incident per alert key ({@code dedup_key}).
 *
 * @param routingKey the integration's routing key (32 characters)
 * @param url default {@value #DEFAULT_URL}
 * @param source the {@code payload.source} field; default {@code sparkplane}
 * @param repeatEvery overrides the routing repeat interval; PagerDuty deduplicates repeats by key
 */
public record PagerDutyConfig(
    @Nullable String name,
    String routingKey,
    @Nullable URI url,
    @Nullable String source,
    @Nullable Duration repeatEvery,
    @Nullable DeliverySettings delivery)
    implements NotifierConfig {

  public static final String TYPE = "pagerduty";
  public static final String DEFAULT_URL = "https://events.pagerduty.com/v2/enqueue";

  public PagerDutyConfig {
    name = Settings.orDefault(name, TYPE);
    if (routingKey == null || routingKey.isBlank()) {
      throw new ConfigFieldException("routingKey", "is required");
    }
    url = HttpUrls.check("url", Settings.orDefault(url, URI.create(DEFAULT_URL)));
    source = Settings.orDefault(source, "sparkplane");
    if (repeatEvery != null) {
      Settings.positive("repeatEvery", repeatEvery);
    }
    delivery = Settings.orDefault(delivery, DeliverySettings.defaults());
  }

  @Override
  @JsonIgnore
  public String type() {
    return TYPE;
  }

  @Override
  public Optional<Duration> repeatInterval() {
    return Optional.ofNullable(repeatEvery);
  }
}
