package io.sparkplane.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkplane.alerting.testing.PrometheusTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The shipped Prometheus rules and Alertmanager example")
class PromtoolIT {

  private static final Path DIR = PrometheusTools.rulesDir();

  private static String run(Path workDir, String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finishes", command[0]).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("%s exit code; output:%n%s", String.join(" ", command), out).isZero();
    return out;
  }

  @Test
  @DisplayName("pass promtool check rules")
  void checkRules() throws Exception {
    String promtool = PrometheusTools.require("promtool").toString();
    List<String> command = new ArrayList<>(List.of(promtool, "check", "rules"));
    command.add("rules/sparkplane-recording.rules.yml");
    command.add("rules/sparkplane-alerts.rules.yml");
    String out = run(DIR, command.toArray(String[]::new));
    assertThat(out).contains("SUCCESS: 27 rules found").contains("SUCCESS: 11 rules found");
  }

  @Test
  @DisplayName("pass their promtool unit tests: threshold, one short, boundaries, three levels, replicas, resolve, SLO, SLA, runtime drift")
  void unitTests() throws Exception {
    String promtool = PrometheusTools.require("promtool").toString();
    String out = run(DIR.resolve("tests"), promtool, "test", "rules", "sparkplane-alerts.test.yml");
    assertThat(out).contains("SUCCESS");
  }

  @Test
  @DisplayName("the example Prometheus and Alertmanager configurations are valid")
  void examples() throws Exception {
    String promtool = PrometheusTools.require("promtool").toString();
    String amtool = PrometheusTools.require("amtool").toString();
    assertThat(run(DIR, promtool, "check", "config", "prometheus.example.yml")).contains("SUCCESS");
    assertThat(run(DIR, amtool, "check-config", "alertmanager.example.yml")).contains("SUCCESS");
  }
}
