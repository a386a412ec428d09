package io.sparkplane.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The dashboards' Prometheus recording rules")
class DashboardRulesIT {

  @Test
  @DisplayName("pass promtool check rules, together with the shared recording and alerting rules")
  void checkRules() throws Exception {
    List<String> command = new ArrayList<>(List.of(PrometheusTools.require("promtool").toString(), "check", "rules"));
    RepoFiles.ruleFiles().forEach(p -> command.add(p.toString()));
    String out = PrometheusTools.run(RepoFiles.root(), command);
    assertThat(out).contains("SUCCESS: 9 rules found").doesNotContain("FAILED");
  }

  @Test
  @DisplayName("pass their promtool unit tests: error budget per region and fleet, latency quantiles")
  void unitTests() throws Exception {
    Path tests = RepoFiles.grafana().resolve("prometheus/tests");
    String out =
        PrometheusTools.run(
            tests, List.of(PrometheusTools.require("promtool").toString(), "test", "rules", "sparkplane-dashboards.test.yml"));
    assertThat(out).contains("SUCCESS");
  }
}
