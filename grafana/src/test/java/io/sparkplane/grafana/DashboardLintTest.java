package io.sparkplane.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sparkplane.grafana.Dashboards.Dashboard;
import io.sparkplane.grafana.Dashboards.Panel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The Grafana dashboards and provisioning files")
class DashboardLintTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String DATASOURCE_UID = "sparkplane-prometheus";
  private static final Set<String> EXPECTED_UIDS =
      Set.of("sparkplane-fleet", "sparkplane-tenant", "sparkplane-triage", "sparkplane-estimator", "sparkplane-health");

  @Test
  @DisplayName("are the five dashboards, each parses, with a stable unique uid and a title")
  void uids() {
    List<Dashboard> all = Dashboards.all();
    assertThat(all).hasSize(5);
    List<String> uids = all.stream().map(Dashboard::uid).toList();
    assertThat(uids).doesNotHaveDuplicates();
    assertThat(Set.copyOf(uids)).isEqualTo(EXPECTED_UIDS);
    assertThat(all).allSatisfy(d -> assertThat(d.json().path("title").asText()).startsWith("Sparkplane / "));
    List<Integer> ids = new ArrayList<>();
    for (Dashboard d : all) {
      Set<Integer> seen = new HashSet<>();
      d.json().path("panels").forEach(p -> assertThat(seen.add(p.path("id").asInt())).as("%s panel id %s unique", d.uid(), p.path("id")).isTrue());
      ids.addAll(seen);
    }
    assertThat(ids).isNotEmpty();
  }

  @Test
  @DisplayName("select their data source through a $datasource variable that defaults to the provisioned Prometheus")
  void datasourceVariable() {
    for (Dashboard d : Dashboards.all()) {
      JsonNode ds = d.variables().stream().filter(v -> "datasource".equals(v.path("name").asText())).findFirst().orElse(null);
      assertThat(ds).as("%s has a datasource variable", d.uid()).isNotNull();
      assertThat(ds.path("type").asText()).isEqualTo("datasource");
      assertThat(ds.path("query").asText()).isEqualTo("prometheus");
      assertThat(ds.path("current").path("value").asText()).isEqualTo(DATASOURCE_UID);
      for (JsonNode v : d.variables()) {
        if ("query".equals(v.path("type").asText())) {
          assertThat(v.path("datasource").path("uid").asText()).as("%s variable %s", d.uid(), v.path("name")).isEqualTo("${datasource}");
        }
      }
      for (Panel p : d.panels()) {
        assertThat(p.json().path("datasource").path("uid").asText()).as(p.name()).isEqualTo("${datasource}");
        assertThat(p.targets()).as(p.name()).isNotEmpty()
            .allSatisfy(t -> assertThat(t.path("datasource").path("uid").asText()).isEqualTo("${datasource}"));
      }
    }
  }

  @Test
  @DisplayName("give every panel a unit and a description")
  void unitsAndDescriptions() {
    List<String> missing = new ArrayList<>();
    for (Panel p : Dashboards.panels()) {
      if (p.unit().isBlank()) {
        missing.add(p.name() + ": no unit");
      }
      if (p.description().length() < 30) {
        missing.add(p.name() + ": no description worth the name");
      }
    }
    assertThat(missing).isEmpty();
  }

  @Test
  @DisplayName("apply rate or increase to every counter, rates over $__rate_interval and increases over it or $__range")
  void countersAndWindows() {
    List<String> problems = new ArrayList<>();
    for (Panel p : Dashboards.panels()) {
      for (String expr : p.exprs()) {
        assertThat(expr).as(p.name()).isNotBlank();
        PromQl.unratedCounters(expr).forEach(c -> problems.add(p.name() + ": " + c + " not inside rate/increase"));
        for (String[] w : PromQl.rateWindows(expr)) {
          boolean ok = w[1].equals("$__rate_interval") || (w[0].equals("increase") && w[1].equals("$__range"));
          if (!ok) {
            problems.add(p.name() + ": " + w[0] + " over [" + w[1] + "]");
          }
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  @DisplayName("use only variables they define, and $region/$tenant/$workload where their metrics carry those labels")
  void variables() {
    for (Dashboard d : Dashboards.all()) {
      Set<String> defined = d.variables().stream().map(v -> v.path("name").asText()).collect(Collectors.toSet());
      for (Panel p : d.panels()) {
        for (String expr : p.exprs()) {
          assertThat(defined).as("%s uses %s", p.name(), PromQl.variables(expr)).containsAll(PromQl.variables(expr));
        }
      }
    }
    assertThat(variableNames("sparkplane-fleet")).contains("region");
    assertThat(variableNames("sparkplane-tenant")).contains("region", "tenant");
    assertThat(variableNames("sparkplane-estimator")).contains("workload");
  }

  @Test
  @DisplayName("name the missing metric and its owner on every panel that awaits one")
  void awaitingPanels() {
    for (Panel p : Dashboards.panels()) {
      if (p.awaiting()) {
        String after = p.description().substring(p.description().indexOf(Dashboards.AWAITING));
        boolean namesOne = p.exprs().stream().flatMap(e -> PromQl.metricNames(e).stream()).anyMatch(n -> after.contains(n.replaceFirst("_(bucket|count|sum)$", "")));
        assertThat(namesOne).as("%s names a metric of its query after 'Awaiting:'", p.name()).isTrue();
        assertThat(after).as(p.name()).containsPattern("\\((?:[a-z-]+ engineer|collector engineer or lead)");
      }
    }
  }

  @Test
  @DisplayName("provision a Prometheus datasource with the dashboards' uid and a file provider for the dashboards")
  void provisioning() throws Exception {
    Path dir = RepoFiles.grafana().resolve("provisioning");
    JsonNode ds = YAML.readTree(dir.resolve("datasources/sparkplane.yml").toFile());
    assertThat(ds.path("apiVersion").asInt()).isEqualTo(1);
    JsonNode source = ds.path("datasources").get(0);
    assertThat(source.path("type").asText()).isEqualTo("prometheus");
    assertThat(source.path("uid").asText()).isEqualTo(DATASOURCE_UID);
    assertThat(source.path("url").asText()).isEqualTo("${SPARKPLANE_PROMETHEUS_URL}");
    JsonNode dash = YAML.readTree(dir.resolve("dashboards/sparkplane.yml").toFile());
    JsonNode provider = dash.path("providers").get(0);
    assertThat(provider.path("type").asText()).isEqualTo("file");
    assertThat(provider.path("options").path("path").asText()).isEqualTo("/var/lib/grafana/dashboards/sparkplane");
    assertThat(RepoFiles.grafana().resolve("README.md")).content().contains(provider.path("options").path("path").asText());
  }

  private static Set<String> variableNames(String uid) {
    return Dashboards.all().stream().filter(d -> d.uid().equals(uid)).findFirst().orElseThrow()
        .variables().stream().map(v -> v.path("name").asText()).collect(Collectors.toSet());
  }
}
