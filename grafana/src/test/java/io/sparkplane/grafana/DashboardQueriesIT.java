package io.sparkplane.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.sun.net.httpserver.HttpServer;
import io.sparkplane.estimator.synthetic.SyntheticRun;
import io.sparkplane.grafana.Dashboards.Panel;
import io.sparkplane.wire.RunIdentity;
import io.sparkplane.wire.RunStatus;
import io.sparkplane.wire.RunSummary;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every dashboard query against a real Prometheus scraping the real control plane ({@link
 * LiveControlPlane}: {@code ControlPlane} from a {@code sparkplane.yaml}) that ran real traffic:
 * the reference engine's runs on local Spark ({@link EngineTraffic}) and a fleet's replayed event
 * logs, failures, retries, lost and throttled runs and estimator life ({@link FleetTraffic}). What
 * a panel shows in Grafana is what {@code /api/v1/query} answers here, with the dashboard's
 * variables substituted as Grafana would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("The dashboards on a real Prometheus scraping the control plane after engine runs and a fleet's traffic")
class DashboardQueriesIT {

  private static final Pattern METRIC_LINE = Pattern.compile("^([a-zA-Z_:][\\w:]*)(?:\\{| )", Pattern.MULTILINE);
  private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*),\\s*(\\w+)\\)");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  /** Grafana's $__rate_interval is at least 4 scrape intervals; the traffic ran within the last minute or two. */
  private static final String RATE_INTERVAL = "2m";
  private static final String RANGE = "15m";

  private Path dir;

  private HttpServer webhook;
  private LiveControlPlane plane;
  private EngineTraffic engine;
  private List<EngineTraffic.Run> engineRuns;
  private PrometheusServer prometheus;
  private FleetTraffic traffic;
  private String scrape;
  private Map<String, String> variables;

  @BeforeAll
  void startAndDrive(@TempDir Path tempDir) throws Exception {
    dir = tempDir;
    webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    webhook.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(202, -1);
      exchange.close();
    });
    webhook.start();
    String hooks = "http://127.0.0.1:" + webhook.getAddress().getPort();
    plane = LiveControlPlane.start(dir.resolve("control-plane"), URI.create(hooks + "/retries"), URI.create(hooks + "/hook"));
    traffic = new FleetTraffic(plane.base(), RepoFiles.root().resolve("examples/eventlogs"));
    Files.createDirectories(dir.resolve("prometheus"));
    prometheus = PrometheusServer.start(dir.resolve("prometheus"), plane.target(), RepoFiles.ruleFiles());
    engine = EngineTraffic.connect(plane.base());
    drive();
    scrape = traffic.metrics();
    variables = Map.of("region", "eu-west-1", "tenant", FleetTraffic.NOISY_TENANT, "workload", firstWorkload());
  }

  /**
   * The engine's runs on a thread of their own while the fleet's traffic goes in two rounds a few
   * seconds apart, so that rates over the last minutes are not zero.
   */
  private void drive() throws Exception {
    awaitScraped("sparkplane_ingest_rejected_total");
    ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "engine-traffic");
      t.setDaemon(true);
      return t;
    });
    Future<List<EngineTraffic.Run>> engineDone;
    try {
      engineDone = runner.submit(engine::drive);
    } finally {
      runner.shutdown();
    }
    List<SyntheticRun> history = traffic.history(1, 80);
    traffic.train(); // v1 serves
    for (int round = 0; round < 2; round++) {
      List<RunSummary> shapes = new ArrayList<>();
      for (String region : List.of("eu-west-1", "us-east-1")) {
        for (String tenant : List.of(FleetTraffic.NOISY_TENANT, "globex", "initech")) {
          shapes.addAll(traffic.replay(tenant, region));
        }
      }
      RunSummary shape = shapes.get(0);
      List<RunIdentity> failed = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        failed.add(traffic.liveRun(FleetTraffic.NOISY_TENANT, "eu-west-1", shape, RunStatus.FAILED, i, false));
        failed.add(traffic.liveRun("globex", "us-east-1", shape, RunStatus.FAILED, i, false));
      }
      int retried = 0;
      for (RunIdentity run : failed) {
        // the engine runs every retry it is sent; one of each round's fails again
        retried += traffic.runRetryOf(run, shape, retried == 1 ? RunStatus.FAILED : RunStatus.SUCCEEDED) ? 1 : 0;
      }
      assertThat(retried).as("failed runs retried through the webhook").isGreaterThanOrEqualTo(2);
      traffic.liveRun(FleetTraffic.NOISY_TENANT, "eu-west-1", shape, RunStatus.SUCCEEDED, 0, true);
      traffic.liveRun("initech", "us-east-1", shape, RunStatus.SUCCEEDED, 0, false);
      traffic.silentDriver(FleetTraffic.NOISY_TENANT, "eu-west-1", shape);
      traffic.overRateLimit(FleetTraffic.NOISY_TENANT, 500);
      traffic.malformed();
      if (round == 0) {
        traffic.train(); // v2 in shadow
        traffic.train(); // v3 supersedes v2: a rejection
      }
      for (SyntheticRun run : history.subList(round * 10, round * 10 + 10)) {
        traffic.estimate(run);
      }
      traffic.history(100 + round, 20); // scored by serving and shadow
      traffic.estimatedRuns(200 + round, 10); // sized by an estimate, then compared with it
      Thread.sleep(4_000);
    }
    engineRuns = engineDone.get(5, TimeUnit.MINUTES);
    // the lost run is swept, notifications sent, and Prometheus has scraped and evaluated since
    Thread.sleep(5_000);
  }

  private void awaitScraped(String metric) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (prometheus.query(metric).path("data").path("result").size() > 0) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("Prometheus never scraped " + metric + ":\n" + prometheus.logText());
  }

  private String firstWorkload() throws Exception {
    JsonNode values = prometheus.get("/api/v1/label/workload/values?match[]=sparkplane_estimator_prediction_error_ratio_count").path("data");
    assertThat(values.size()).as("workloads scored by the estimator").isPositive();
    return values.get(0).asText();
  }

  @AfterAll
  void stop() throws Exception {
    if (prometheus != null) {
      prometheus.close();
    }
    if (engine != null) {
      engine.close();
    }
    if (plane != null) {
      plane.close();
    }
    if (webhook != null) {
      webhook.stop(0);
    }
  }

  @Test
  @DisplayName("count the reference engine's runs, its successes and its triaged failure, in Prometheus")
  void engineRunsAreInPrometheus() throws Exception {
    assertThat(engineRuns).extracting(EngineTraffic.Run::status).containsExactly("SUCCEEDED", "SUCCEEDED", "FAILED");
    EngineTraffic.Run failed = engineRuns.get(2);
    assertThat(failed.result().error()).as("Spark's own error").contains("CAST_INVALID_INPUT");
    assertThat(failed.triage().path("class").asText()).as("triage of %s", failed.triage()).isEqualTo("USER_CODE_ERROR");
    assertThat(failed.retry().path("decision").asText()).as("retry decision %s", failed.retry()).isEqualTo("SKIPPED");
    String tenant = "tenant=\"" + EngineTraffic.TENANT + "\"";
    assertThat(value("sum(sparkplane_runs_finished_total{" + tenant + ",status=\"SUCCEEDED\"})")).isEqualTo(2);
    assertThat(value("sum(sparkplane_runs_finished_total{" + tenant + ",status=\"FAILED\"})")).isEqualTo(1);
    assertThat(value("sum(sparkplane_triage_verdicts_total{" + tenant + "})")).as("triage verdicts of the engine's tenant")
        .isGreaterThanOrEqualTo(1);
    String selector = java.net.URLEncoder.encode("sparkplane_runs_finished_total{" + tenant + "}", java.nio.charset.StandardCharsets.UTF_8);
    assertThat(prometheus.get("/api/v1/label/region/values?match[]=" + selector).path("data").toString())
        .contains("eu-west-1", "us-east-1");
  }

  private double value(String promql) throws Exception {
    JsonNode result = prometheus.query(promql).path("data").path("result");
    assertThat(result.size()).as("series of %s", promql).isEqualTo(1);
    return result.get(0).path("value").get(1).asDouble();
  }

  @Test
  @DisplayName("reference only metric names the collector's live /metrics serves or a rule records")
  void metricNamesExist() throws Exception {
    Set<String> served = servedNames();
    Set<String> recorded = recordedNames();
    List<String> unknown = new ArrayList<>();
    for (Panel p : Dashboards.panels()) {
      Set<String> names = new HashSet<>();
      p.exprs().forEach(e -> names.addAll(PromQl.metricNames(e)));
      names.removeIf(n -> served.contains(n) || recorded.contains(n) || n.equals("up"));
      // a panel awaiting a metric (or a label: everyPanelHasData keeps it honest) may name it
      if (!p.awaiting()) {
        names.forEach(n -> unknown.add(p.name() + ": " + n));
      }
    }
    for (Dashboards.Dashboard d : Dashboards.all()) {
      for (JsonNode v : d.variables()) {
        Matcher m = LABEL_VALUES.matcher(v.path("definition").asText());
        if (!m.matches()) {
          continue; // the datasource variable
        }
        PromQl.metricNames(m.group(1)).stream()
            .filter(n -> !served.contains(n)).forEach(n -> unknown.add(d.uid() + " variable " + v.path("name").asText() + ": " + n));
      }
    }
    assertThat(unknown).as("names not in /metrics nor recorded").isEmpty();
  }

  @Test
  @DisplayName("answer every panel query with data, and leave only the panels awaiting a metric empty")
  void everyPanelHasData() throws Exception {
    List<String> problems = new ArrayList<>();
    int queried = 0;
    for (Panel p : Dashboards.panels()) {
      for (String expr : p.exprs()) {
        String promql = substitute(expr);
        JsonNode answer = prometheus.query(promql);
        queried++;
        if (!"success".equals(answer.path("status").asText())) {
          problems.add(p.name() + ": error " + answer.path("error").asText() + " in " + promql);
          continue;
        }
        int series = answer.path("data").path("result").size();
        if (p.awaiting() && series > 0) {
          problems.add(p.name() + ": has data now, drop 'Awaiting:' from its description: " + promql);
        } else if (!p.awaiting() && series == 0) {
          problems.add(p.name() + ": no data for " + promql);
        }
      }
    }
    assertThat(queried).isGreaterThan(60);
    assertThat(problems).isEmpty();
  }

  @Test
  @DisplayName("resolve every dashboard variable to values")
  void variablesResolve() throws Exception {
    List<String> empty = new ArrayList<>();
    for (Dashboards.Dashboard d : Dashboards.all()) {
      for (JsonNode v : d.variables()) {
        if (!"query".equals(v.path("type").asText())) {
          continue;
        }
        Matcher m = LABEL_VALUES.matcher(v.path("definition").asText());
        assertThat(m.matches()).as(v.path("definition").asText()).isTrue();
        String selector = substitute(m.group(1));
        JsonNode values =
            prometheus.get("/api/v1/label/" + m.group(2) + "/values?match[]=" + java.net.URLEncoder.encode(selector, java.nio.charset.StandardCharsets.UTF_8));
        if (values.path("data").size() == 0) {
          empty.add(d.uid() + " $" + v.path("name").asText() + " from " + selector);
        }
      }
    }
    assertThat(empty).isEmpty();
    assertThat(prometheus.get("/api/v1/label/region/values?match[]=sparkplane_runs_finished_total").path("data").toString())
        .contains("eu-west-1", "us-east-1");
  }

  @Test
  @DisplayName("evaluate every recording and alerting rule without error, every recording rule producing series")
  void rulesEvaluate() throws Exception {
    JsonNode groups = prometheus.get("/api/v1/rules").path("data").path("groups");
    List<String> problems = new ArrayList<>();
    int rules = 0;
    for (JsonNode group : groups) {
      for (JsonNode rule : group.path("rules")) {
        rules++;
        if (!"ok".equals(rule.path("health").asText())) {
          problems.add(rule.path("name").asText() + ": " + rule.path("health").asText() + " " + rule.path("lastError").asText());
        }
        if ("recording".equals(rule.path("type").asText())
            && prometheus.query(rule.path("name").asText()).path("data").path("result").size() == 0) {
          problems.add(rule.path("name").asText() + ": recorded no series");
        }
      }
    }
    int expected = 0;
    for (Path file : RepoFiles.ruleFiles()) {
      for (JsonNode group : YAML.readTree(file.toFile()).path("groups")) {
        expected += group.path("rules").size();
      }
    }
    assertThat(rules).as("rules Prometheus loaded").isEqualTo(expected);
    assertThat(problems).isEmpty();
    assertThat(prometheus.query("ALERTS{alertname=\"SparkplaneFailureBurst\"}").path("data").path("result").size())
        .as("the failure burst of 6 FAILED runs for %s fires in Prometheus too", FleetTraffic.NOISY_TENANT).isPositive();
  }

  private String substitute(String expr) {
    String s = expr.replace("$__rate_interval", RATE_INTERVAL).replace("$__range", RANGE);
    for (Map.Entry<String, String> v : new LinkedHashMap<>(variables).entrySet()) {
      s = s.replace("${" + v.getKey() + "}", v.getValue()).replace("$" + v.getKey(), v.getValue());
    }
    return s;
  }

  private Set<String> servedNames() {
    Set<String> names = new HashSet<>();
    Matcher m = METRIC_LINE.matcher(scrape);
    while (m.find()) {
      names.add(m.group(1));
    }
    assertThat(names).contains("sparkplane_runs_finished_total");
    return names;
  }

  private static Set<String> recordedNames() throws Exception {
    Set<String> names = new HashSet<>();
    for (Path file : RepoFiles.ruleFiles()) {
      for (JsonNode group : YAML.readTree(file.toFile()).path("groups")) {
        group.path("rules").forEach(r -> {
          if (r.has("record")) {
            names.add(r.path("record").asText());
          }
        });
      }
    }
    return names;
  }
}
