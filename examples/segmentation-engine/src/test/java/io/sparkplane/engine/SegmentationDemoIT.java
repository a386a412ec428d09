package io.sparkplane.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.alerting.AlertingExtension;
import io.sparkplane.alerting.config.AlertingConfigLoader;
import io.sparkplane.collector.CollectorConfig;
import io.sparkplane.collector.CollectorServer;
import io.sparkplane.collector.lost.LostRunSettings;
import io.sparkplane.engine.internal.ControlPlaneHttp;
import io.sparkplane.estimator.EstimatorExtension;
import io.sparkplane.estimator.EstimatorSettings;
import io.sparkplane.triage.TriageExtension;
import io.sparkplane.triage.TriageSettings;
import io.sparkplane.triage.retry.RetryExtension;
import io.sparkplane.triage.retry.RetrySettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo scenario end to end against a real control plane composed as the server composes it
 * (collector, triage, retries to the engine's webhook, alerting with a webhook notifier, estimator),
 * asserted from the control plane's API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("The reference engine's demo scenario against a real control plane")
class SegmentationDemoIT {

  @TempDir static Path dir;

  private AlertSink sink;
  private SegmentationEngine engine;
  private CollectorServer collector;
  private ControlPlaneHttp api;
  private DemoResult result;
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

  @BeforeAll
  void runScenario() throws Exception {
    sink = AlertSink.start();
    engine = SegmentationEngine.open(EngineSettings.defaults());
    Path alerting = dir.resolve("alerting.yaml");
    Files.writeString(
        alerting,
        "routing:\n  groupWait: 1s\nnotifiers:\n  - type: webhook\n    name: demo-sink\n    url: " + sink.url() + "\n");
    collector =
        CollectorServer.builder(
                CollectorConfig.defaults()
                    .withHost("127.0.0.1")
                    .withPort(0)
                    .withDataDir(dir.resolve("data"))
                    .withLostRuns(
                        LostRunSettings.defaults().withHeartbeatInterval(Duration.ofSeconds(1)).withCheckInterval(Duration.ofMillis(500))))
            .extension(new TriageExtension(TriageSettings.defaults()))
            .extension(
                new RetryExtension(
                    RetrySettings.fromProperties(
                        Map.of(
                            "retry.webhook.url", engine.webhookUrl().toString(),
                            "retry.backoff.initial", "1s",
                            "retry.backoff.max", "2s",
                            "retry.salting.advisoryPartitionBytes", "1048576"))))
            .extension(new AlertingExtension(AlertingConfigLoader.load(alerting)))
            .extension(new EstimatorExtension(EstimatorSettings.builder().modelDir(dir.resolve("models")).minTrainingRuns(10).build(), false))
            .build();
    URI base = URI.create("http://127.0.0.1:" + collector.start());
    api = new ControlPlaneHttp(base, null, Duration.ofSeconds(10));
    engine.connect(base);
    result = new DemoScenario(engine, base, sink, new PrintStream(printed, true, StandardCharsets.UTF_8)).run();
    System.out.println(printed.toString(StandardCharsets.UTF_8));
  }

  @AfterAll
  void stop() {
    if (engine != null) {
      engine.close();
    }
    if (collector != null) {
      collector.close();
    }
    if (sink != null) {
      sink.close();
    }
  }

  private JsonNode get(String path) {
    ControlPlaneHttp.Response r = api.get(path);
    assertThat(r.status()).as("GET %s -> %s", path, r.body()).isEqualTo(200);
    return r.body();
  }

  private DemoResult.Step step(String name) {
    return result.step(name).orElseThrow();
  }

  @Test
  @Order(1)
  @DisplayName("healthy runs across 3 tenants and 2 regions all succeed")
  void healthy() {
    DemoResult.Step s = step("healthy");
    assertThat(s.runIds()).hasSize(6);
    for (String id : s.runIds()) {
      JsonNode run = get("/api/v1/runs/" + id);
      assertThat(run.path("status").asText()).as(id).isEqualTo("SUCCEEDED");
    }
    assertThat(s.runIds().stream().map(id -> get("/api/v1/runs/" + id).path("identity").path("tenant").asText()).distinct())
        .containsExactlyInAnyOrder("acme", "globex", "initech");
  }

  @Test
  @Order(2)
  @DisplayName("a skewed run past its budget fails, is triaged DATA_SKEW, retried with salting, and the retry succeeds faster")
  void skew() {
    DemoResult.Step s = step("skew");
    String id = s.runIds().get(0);
    String retryId = s.runIds().get(1);
    JsonNode run = get("/api/v1/runs/" + id);
    assertThat(run.path("status").asText()).isEqualTo("FAILED");
    assertThat(get("/api/v1/runs/" + id + "/triage").path("class").asText()).isEqualTo("DATA_SKEW");
    JsonNode decision = get("/api/v1/runs/" + id + "/retries");
    assertThat(decision.path("decision").asText()).isEqualTo("RETRIED");
    assertThat(decision.path("plan").path("salting").path("factor").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(decision.path("retryRunId").asText()).isEqualTo(retryId);
    JsonNode retry = get("/api/v1/runs/" + retryId);
    assertThat(retry.path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(retry.path("identity").path("attempt").asInt()).isEqualTo(2);
    assertThat(retry.path("identity").path("workload").asText()).isEqualTo(run.path("identity").path("workload").asText());
    assertThat(retry.path("summary").path("timing").path("durationMs").asLong())
        .isLessThan(run.path("summary").path("timing").path("durationMs").asLong());
    assertThat(engine.retries()).as("one engine run per retry id").hasSize(1);
  }

  @Test
  @Order(3)
  @DisplayName("a skewed run whose deadline leaves no room for a retry is skipped with the reason")
  void cannotFit() {
    String id = step("cannot-fit").runIds().get(0);
    assertThat(get("/api/v1/runs/" + id).path("status").asText()).isEqualTo("FAILED");
    JsonNode decision = get("/api/v1/runs/" + id + "/retries");
    assertThat(decision.path("decision").asText()).isEqualTo("SKIPPED");
    assertThat(decision.path("reason").asText()).isEqualToIgnoringCase("cannot_fit_deadline");
    assertThat(decision.path("detail").asText()).isNotBlank();
  }

  @Test
  @Order(4)
  @DisplayName("a Cartesian explosion is triaged CARTESIAN_EXPLOSION, never retried, with guidance recorded")
  void cartesian() {
    String id = step("cartesian").runIds().get(0);
    assertThat(get("/api/v1/runs/" + id + "/triage").path("class").asText()).isEqualTo("CARTESIAN_EXPLOSION");
    JsonNode decision = get("/api/v1/runs/" + id + "/retries");
    assertThat(decision.path("decision").asText()).isEqualTo("SKIPPED");
    assertThat(decision.path("reason").asText()).isEqualToIgnoringCase("not_retryable");
    assertThat(decision.path("guidance").isObject()).isTrue();
  }

  @Test
  @Order(5)
  @DisplayName("a driver killed by OOM in a subprocess, heartbeating every second, leaves a LOST run triaged DRIVER_OOM by its heap after GC")
  void oom() {
    String id = step("oom").runIds().get(0);
    assertThat(get("/api/v1/runs/" + id).path("status").asText()).isEqualTo("LOST");
    // judged by the heap after GC in its last heartbeat (1 s schedule, plus the early heartbeats a
    // nearly full heap sends), not by the instantaneous heap older listeners leave to go on
    JsonNode verdict = get("/api/v1/runs/" + id + "/triage");
    JsonNode lastHeartbeat = get("/api/v1/runs/" + id).path("lastHeartbeat");
    System.out.printf("[demo-oom] last heartbeat: heap after GC %.3f of max, in use %.3f; verdict %s%n",
        lastHeartbeat.path("driverHeapAfterGcBytes").asDouble() / lastHeartbeat.path("driverHeapMaxBytes").asDouble(),
        lastHeartbeat.path("driverHeapUsedBytes").asDouble() / lastHeartbeat.path("driverHeapMaxBytes").asDouble(),
        verdict.path("summary").asText());
    assertThat(verdict.path("class").asText()).as(verdict.path("summary").asText()).isEqualTo("DRIVER_OOM");
    assertThat(verdict.path("evidence"))
        .anySatisfy(e -> {
          assertThat(e.path("name").asText()).isEqualTo("lastHeartbeat.driverHeapAfterGcFraction");
          assertThat(e.path("value").asDouble()).isGreaterThanOrEqualTo(0.8);
        });
  }

  @Test
  @Order(6)
  @DisplayName("a burst of failures of one tenant fires an alert with its class to the webhook sink")
  void burst() {
    JsonNode alerts = get("/api/v1/alerts?state=all&tenant=initech");
    JsonNode burst = null;
    for (String list : new String[] {"active", "recent"}) {
      for (JsonNode a : alerts.path(list)) {
        if (a.path("rule").asText().equals(DemoScenario.FAILURE_BURST_RULE) && a.path("tenant").asText().equals("initech")) {
          burst = a;
        }
      }
    }
    assertThat(burst).as("failure burst alert of initech in %s", alerts).isNotNull();
    assertThat(burst.path("classification").path("dominantClass").asText()).isEqualTo("USER_CODE_ERROR");
    assertThat(sink.received()).anySatisfy(n -> assertThat(n.path("alert").path("tenant").asText()).isEqualTo("initech"));
  }

  @Test
  @Order(7)
  @DisplayName("the estimator answers an estimate with a model version or the heuristic flag, and runs carry their estimate")
  void estimator() {
    assertThat(step("estimator").ok()).as(step("estimator").shows()).isTrue();
    String healthy = step("healthy").runIds().get(0);
    assertThat(get("/api/v1/runs/" + healthy).path("attachments").has("estimate")).isTrue();
  }

  @Test
  @Order(8)
  @DisplayName("the scenario finishes in under 5 minutes and prints console links")
  void summary() {
    assertThat(result.runtimeMs()).isLessThan(Duration.ofMinutes(5).toMillis());
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("/ui/runs/" + step("skew").runIds().get(0) + "?tenant=acme");
  }
}
