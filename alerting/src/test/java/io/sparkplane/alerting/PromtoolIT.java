package io.sparkplane.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sparkplane.alerting.testing.PrometheusTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The shipped Prometheus rules and Alertmanager example")
class PromtoolIT {

  private static final Path DIR = PrometheusTools.rulesDir();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

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
    command.add("rules/sparkplane-collector.rules.yml");
    String out = run(DIR, command.toArray(String[]::new));
    assertThat(out)
        .contains("SUCCESS: 27 rules found")
        .contains("SUCCESS: 11 rules found")
        .contains("SUCCESS: 10 rules found");
  }

  @Test
  @DisplayName("pass their promtool unit tests: threshold, one short, boundaries, three levels, replicas, resolve, SLO, SLA, runtime drift")
  void unitTests() throws Exception {
    String promtool = PrometheusTools.require("promtool").toString();
    String out = run(DIR.resolve("tests"), promtool, "test", "rules", "sparkplane-alerts.test.yml");
    assertThat(out).contains("SUCCESS");
  }

  @Test
  @DisplayName(
      "pass the collector-health unit tests: each alert fires after its hold and not on a blip, under its threshold, on 4xx or rejected requests")
  void collectorHealthUnitTests() throws Exception {
    String promtool = PrometheusTools.require("promtool").toString();
    String out = run(DIR.resolve("tests"), promtool, "test", "rules", "sparkplane-collector.test.yml");
    assertThat(out).contains("SUCCESS");
  }

  @Test
  @DisplayName("every alert's runbook annotation points at a heading of an existing doc")
  void runbooksExist() throws Exception {
    Path repo = DIR.getParent();
    List<String> runbooks = new ArrayList<>();
    for (String file : List.of("sparkplane-alerts.rules.yml", "sparkplane-collector.rules.yml")) {
      JsonNode groups = YAML.readTree(DIR.resolve("rules").resolve(file).toFile()).get("groups");
      for (JsonNode group : groups) {
        for (JsonNode rule : group.get("rules")) {
          assertThat(rule.at("/annotations/runbook").asText())
              .as("runbook of %s in %s", rule.get("alert").asText(), file)
              .isNotEmpty();
          runbooks.add(rule.at("/annotations/runbook").asText());
        }
      }
    }
    assertThat(runbooks).contains("docs/runbooks.md#sparkplanestoreunhealthy");
    for (String runbook : runbooks) {
      String[] parts = runbook.split("#", 2);
      Path doc = repo.resolve(parts[0]);
      assertThat(doc).as(runbook).isRegularFile();
      assertThat(anchors(Files.readAllLines(doc))).as(runbook).contains(parts[1]);
    }
  }

  /** GitHub's anchors of a Markdown file's headings: lower case, punctuation dropped, spaces to hyphens. */
  private static List<String> anchors(List<String> lines) {
    List<String> anchors = new ArrayList<>();
    boolean code = false;
    for (String line : lines) {
      if (line.startsWith("```")) {
        code = !code;
      } else if (!code && line.startsWith("#")) {
        String title = line.replaceFirst("^#+\\s*", "").strip().toLowerCase(Locale.ROOT);
        anchors.add(title.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
      }
    }
    return anchors;
  }

  @Test
  @DisplayName("the example Alertmanager routes critical collector-health alerts to the pager, warnings to chat")
  void collectorHealthRouting() throws Exception {
    String amtool = PrometheusTools.require("amtool").toString();
    String critical =
        run(DIR, amtool, "config", "routes", "test", "--config.file=alertmanager.example.yml",
            "alertname=SparkplaneStoreUnhealthy", "severity=critical", "component=collector");
    assertThat(critical.lines().filter(l -> !l.startsWith("Warning")).toList())
        .containsExactly("sparkplane-pager,sparkplane-chat");
    String warning =
        run(DIR, amtool, "config", "routes", "test", "--config.file=alertmanager.example.yml",
            "alertname=SparkplaneIngestSlow", "severity=warning", "component=collector");
    assertThat(warning.lines().filter(l -> !l.startsWith("Warning")).toList()).containsExactly("sparkplane-chat");
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
