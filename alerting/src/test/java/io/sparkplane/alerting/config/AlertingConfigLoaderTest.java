package io.sparkplane.alerting.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.alerting.Level;
import io.sparkplane.alerting.Scope;
import io.sparkplane.alerting.notify.AlertmanagerConfig;
import io.sparkplane.alerting.notify.PagerDutyConfig;
import io.sparkplane.alerting.notify.WebhookConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("The alerting YAML loader")
class AlertingConfigLoaderTest {

  @Test
  @DisplayName("reads the shipped example with every rule, routing setting and notifier")
  void example() {
    AlertingConfig config = AlertingConfigLoader.load(Path.of("alerting.example.yaml"));
    assertThat(config.rules().failureBurst().threshold()).isEqualTo(5);
    assertThat(config.rules().failureBurst().window()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.rules().failureBurst().scopes()).containsExactly(Scope.TENANT, Scope.REGION, Scope.GLOBAL);
    assertThat(config.rules().successRateSlo().burnRates()).hasSize(2);
    assertThat(config.rules().successRateSlo().burnRates().get(0).factor()).isEqualTo(14.4);
    assertThat(config.rules().successRateSlo().burnRates().get(1).level()).isEqualTo(Level.WARNING);
    assertThat(config.routing().holdDown()).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.notifiers())
        .hasExactlyElementsOfTypes(AlertmanagerConfig.class, PagerDutyConfig.class, WebhookConfig.class);
    assertThat(config.notifiers().get(2).name()).isEqualTo("chatops");
    assertThat(config.notifiers().get(2).delivery().maxAttempts()).isEqualTo(5);
  }

  @Test
  @DisplayName("takes the defaults for an empty document and for omitted parts")
  void defaults() {
    assertThat(AlertingConfigLoader.parse("", "empty")).isEqualTo(AlertingConfig.defaults());
    AlertingConfig config = AlertingConfigLoader.parse("rules: {failureBurst: {threshold: 3}}", "inline");
    assertThat(config.rules().failureBurst().threshold()).isEqualTo(3);
    assertThat(config.rules().failureBurst().window()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.rules().successRateSlo().objective()).isEqualTo(99.95);
    assertThat(config.notifiers()).isEmpty();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "rules: {failureBurst: {threshold: 0}}|rules.failureBurst.threshold|must be >= 1, was 0",
        "rules: {failureBurst: {window: 10 minutes}}|rules.failureBurst.window|is not a duration",
        "rules: {failureBurst: {treshold: 5}}|rules.failureBurst.treshold|unknown setting; known here: enabled, level, scopes, threshold, window",
        "rules: {failureBurst: {level: urgent}}|rules.failureBurst.level|'urgent' is not one of critical, error, warning, info",
        "rules: {failureBurst: {scopes: [tenant, planet]}}|rules.failureBurst.scopes[1]|'planet' is not one of",
        "rules: {failureBurst: {scopes: [workload]}}|rules.failureBurst.scopes|workload is not a scope of this rule",
        "rules: {successRateSlo: {objective: 100}}|rules.successRateSlo.objective|must be > 0.0 and < 100.0",
        "rules: {successRateSlo: {burnRates: [{long: 5m, short: 1h, factor: 14.4, level: critical}]}}|rules.successRateSlo.burnRates[0].short|must be shorter than long",
        "rules: {successRateSlo: {burnRates: [{long: 1h, short: 5m, level: critical}]}}|rules.successRateSlo.burnRates[0].factor|is required",
        "rules: {runtimeDrift: {factor: 0.9}}|rules.runtimeDrift.factor|must be > 1",
        "rules: {runtimeDrift: {maxWorkloadMeters: -1}}|rules.runtimeDrift.maxWorkloadMeters|must be >= 0, was -1",
        "routing: {holdDown: -1m}|routing.holdDown|is not a duration",
        "routing: {repeatInterval: 0s}|routing.repeatInterval|must be a positive duration",
        "notifiers: [{type: sms, url: 'http://x'}]|notifiers[0].type|unknown notifier type 'sms'",
        "notifiers: [{url: 'http://x'}]|notifiers[0].type|is required",
        "notifiers: [{type: webhook}]|notifiers[0].url|is required",
        "notifiers: [{type: webhook, url: 'ftp://x/y'}]|notifiers[0].url|must be an http(s) URL",
        "notifiers: [{type: pagerduty}]|notifiers[0].routingKey|is required",
        "notifiers: [{type: webhook, url: 'http://x', delivery: {maxAttempts: 0}}]|notifiers[0].delivery.maxAttempts|must be >= 1",
        "notifiers: [{type: webhook, url: 'http://a'}, {type: webhook, url: 'http://b'}]|notifiers|two notifiers are named 'webhook'",
        "rules: [1, 2]|rules|expected a mapping",
      })
  @DisplayName("rejects bad settings with the field's path and the reason")
  void errors(String yaml, String field, String reason) {
    assertThatThrownBy(() -> AlertingConfigLoader.parse(yaml, "test.yaml"))
        .isInstanceOfSatisfying(
            AlertingConfigException.class,
            e -> {
              assertThat(e.field()).isEqualTo(field);
              assertThat(e.getMessage()).startsWith("invalid alerting config test.yaml: " + field + ": ").contains(reason);
            });
  }

  @Test
  @DisplayName("reports YAML syntax errors")
  void syntax() {
    assertThatThrownBy(() -> AlertingConfigLoader.parse("rules: \"unclosed", "bad.yaml"))
        .isInstanceOf(AlertingConfigException.class)
        .hasMessageContaining("not valid YAML");
  }
}
