package io.sparkplane.alerting.notify;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.sparkplane.alerting.config.ConfigFieldException;
import io.sparkplane.alerting.config.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@code type: alertmanager}: posts to Alertmanager's {@code POST /api/v2/alerts}.
 *
 * @param url Alertmanager base URL, e.g. {@code http://alertmanager:9093}
 * @param resend how often a firing alert is posted again (Alertmanager expires alerts that are not
 *     resent, at {@code endsAt}); default 1m; {@code endsAt} is set 4 resends ahead
 * @param generatorUrl link shown in Alertmanager, e.g. the collector's alerts page; optional
 * @param extraLabels labels added to every alert, e.g. {@code cluster: prod}
 */
public record AlertmanagerConfig(
    @Nullable String name,
    URI url,
    @Nullable Duration resend,
    @Nullable String generatorUrl,
    @Nullable Map<String, String> extraLabels,
    @Nullable DeliverySettings delivery)
    implements NotifierConfig {

  public static final String TYPE = "alertmanager";

  public AlertmanagerConfig {
    name = Settings.orDefault(name, TYPE);
    url = HttpUrls.check("url", url);
    resend = Settings.positive("resend", Settings.orDefault(resend, Duration.ofMinutes(1)));
    extraLabels = Map.copyOf(Settings.orDefault(extraLabels, Map.of()));
    delivery = Settings.orDefault(delivery, DeliverySettings.defaults());
    if (extraLabels.containsKey("alertname")) {
      throw new ConfigFieldException("extraLabels", "must not set alertname");
    }
  }

  @Override
  @JsonIgnore
  public String type() {
    return TYPE;
  }

  @Override
  public Optional<Duration> repeatInterval() {
    return Optional.of(resend);
  }
}
