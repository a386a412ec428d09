package io.sparkplane.alerting.notify;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.sparkplane.alerting.config.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@code type: webhook}: POSTs each notification as JSON ({@code WebhookNotifier}).
 *
 * @param url receiver URL
 * @param headers added to each request, e.g. {@code Authorization}
 * @param repeatEvery overrides the routing repeat interval
 */
public record WebhookConfig(
    @Nullable String name,
    URI url,
    @Nullable Map<String, String> headers,
    @Nullable Duration repeatEvery,
    @Nullable DeliverySettings delivery)
    implements NotifierConfig {

  public static final String TYPE = "webhook";

  public WebhookConfig {
    name = Settings.orDefault(name, TYPE);
    url = HttpUrls.check("url", url);
    headers = Map.copyOf(Settings.orDefault(headers, Map.of()));
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
