package io.sparkplane.alerting.notify;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The notifier builders, by {@code type}: {@code alertmanager}, {@code pagerduty}, {@code webhook}.
 * A fixed list rather than {@code ServiceLoader}, so nothing depends on {@code META-INF/services}
 * surviving in a fat jar.
 */
public final class NotifierBuilders {

  private static final Map<String, NotifierBuilder<?>> BUILDERS =
      List.<NotifierBuilder<?>>of(
              new AlertmanagerNotifierBuilder(), new PagerDutyNotifierBuilder(), new WebhookNotifierBuilder())
          .stream()
          .collect(Collectors.toUnmodifiableMap(NotifierBuilder::type, Function.identity()));

  private NotifierBuilders() {}

  /**
   * @throws IllegalArgumentException if no builder serves the config's type
   */
  public static Notifier build(NotifierConfig config) {
    NotifierBuilder<?> builder = BUILDERS.get(config.type());
    if (builder == null) {
      throw new IllegalArgumentException(
          "unknown notifier type '" + config.type() + "' (known: " + String.join(", ", BUILDERS.keySet()) + ")");
    }
    return buildWith(builder, config);
  }

  private static <C extends NotifierConfig> Notifier buildWith(NotifierBuilder<C> builder, NotifierConfig config) {
    return builder.build(builder.configType().cast(config));
  }
}
