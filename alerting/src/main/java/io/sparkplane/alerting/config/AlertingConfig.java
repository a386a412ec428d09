package io.sparkplane.alerting.config;

import io.sparkplane.alerting.notify.NotifierConfig;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Everything alerting is told: rules, routing and notifiers. Load it from YAML with {@link
 * AlertingConfigLoader}; every omitted part takes its defaults.
 *
 * <pre>{@code
 * AlertingConfig config = AlertingConfigLoader.load(Path.of("alerting.yaml"));
 * }</pre>
 */
public record AlertingConfig(
    @Nullable RulesConfig rules, @Nullable RoutingConfig routing, @Nullable List<NotifierConfig> notifiers) {

  public AlertingConfig {
    rules = Settings.orDefault(rules, RulesConfig.defaults());
    routing = Settings.orDefault(routing, RoutingConfig.defaults());
    notifiers = List.copyOf(Settings.orDefault(notifiers, List.of()));
    Set<String> names = new HashSet<>();
    for (NotifierConfig notifier : notifiers) {
      if (!names.add(notifier.name())) {
        throw new ConfigFieldException(
            "notifiers", "two notifiers are named '" + notifier.name() + "'; give each a distinct name");
      }
    }
  }

  public static AlertingConfig defaults() {
    return new AlertingConfig(null, null, null);
  }

  public AlertingConfig withRouting(RoutingConfig newRouting) {
    return new AlertingConfig(rules, newRouting, notifiers);
  }

  public AlertingConfig withRules(RulesConfig newRules) {
    return new AlertingConfig(newRules, routing, notifiers);
  }

  public AlertingConfig withNotifiers(List<NotifierConfig> newNotifiers) {
    return new AlertingConfig(rules, routing, newNotifiers);
  }
}
