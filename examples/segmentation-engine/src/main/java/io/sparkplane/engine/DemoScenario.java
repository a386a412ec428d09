package io.sparkplane.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkplane.engine.data.DataSpec;
import io.sparkplane.engine.internal.ControlPlaneHttp;
import io.sparkplane.engine.workload.ChurnRisk;
import io.sparkplane.engine.workload.HighValueCustomers;
import io.sparkplane.engine.workload.ReferralGraph;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The demo's scripted scenario against a running control plane (collector with triage, retries to
 * {@link SegmentationEngine#webhookUrl()}, alerting with a webhook notifier to an {@link AlertSink},
 * estimator). Every step is checked from the control plane's API, not from the engine's view:
 *
 * <ol>
 *   <li>{@code healthy}: runs of the three workloads across 3 tenants × 2 regions, all SUCCEEDED;
 *   <li>{@code skew}: a skewed {@code high-value-customers} run past its attempt budget → FAILED →
 *       triaged DATA_SKEW → RETRIED with a salting plan through the webhook → the retry SUCCEEDED
 *       in less time;
 *   <li>{@code cannot-fit}: the same skew with a deadline too close for a retry → SKIPPED
 *       {@code cannot_fit_deadline};
 *   <li>{@code cartesian}: {@code referral-graph} on duplicate keys past its SLA →
 *       CARTESIAN_EXPLOSION → SKIPPED {@code not_retryable} with guidance;
 *   <li>{@code oom}: a segment export in a subprocess with a 512 MiB driver dies of OOM → LOST,
 *       triaged;
 *   <li>{@code burst}: 5 failing {@code churn-risk} runs of one tenant (a malformed feed) → a failure
 *       burst alert with its class at the sink;
 *   <li>{@code estimator}: trained on the history, then answering an estimate.
 * </ol>
 *
 * <pre>{@code
 * DemoResult result = new DemoScenario(engine, controlPlaneUrl, sink, System.out).run();
 * }</pre>
 */
public final class DemoScenario {

  public static final List<String> TENANTS = List.of("acme", "globex", "initech");
  public static final List<String> REGIONS = List.of("us-east-1", "eu-west-1");
  static final String SKEW_TENANT = "acme";
  static final String CARTESIAN_TENANT = "globex";
  static final String OOM_TENANT = "globex";
  static final String BURST_TENANT = "initech";
  static final int BURST_RUNS = 5;
  /** The alerting rule id of a failure burst, as {@code GET /api/v1/alerts} names it. */
  static final String FAILURE_BURST_RULE = "failure-burst";
  /** Attempt budget of a skewed run, as a multiple of the same workload's uniform runtime just measured. */
  static final double BUDGET_FACTOR = 1.4;
  /** Zipf exponent of the skewed runs: one reseller account owns 96% of the orders. */
  static final double SKEW_ZIPF = 5.0;

  private final SegmentationEngine engine;
  private final ControlPlaneHttp api;
  private final @Nullable AlertSink sink;
  private final PrintStream out;
  private final String prefix;
  private final Duration waitLimit = Duration.ofSeconds(90);
  private final DataSpec skewScale;

  public DemoScenario(SegmentationEngine engine, URI controlPlane, @Nullable AlertSink sink, PrintStream out) {
    this(engine, controlPlane, sink, out, DataSpec.small().withOrders(400_000).withPartitions(16).withScoreCost(50));
  }

  /** @param skewScale data of the skew steps (uniform for the baseline, Zipf 3 for the skewed runs) */
  public DemoScenario(SegmentationEngine engine, URI controlPlane, @Nullable AlertSink sink, PrintStream out, DataSpec skewScale) {
    this.engine = engine;
    this.api = new ControlPlaneHttp(controlPlane, null, Duration.ofSeconds(10));
    this.sink = sink;
    this.out = out;
    this.prefix = "demo-" + Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
    this.skewScale = skewScale;
  }

  public DemoResult run() throws Exception {
    long start = System.currentTimeMillis();
    List<DemoResult.Step> steps = new ArrayList<>();
    out.printf("Scenario %s against %s (engine webhook %s)%n", prefix, api.base(), engine.webhookUrl());
    steps.add(healthy());
    long baselineMs = baseline();
    steps.add(skew(baselineMs));
    steps.add(cannotFit(baselineMs));
    steps.add(cartesian());
    Process oom = startOom(prefix + "-oom");
    steps.add(burst());
    steps.add(oom(oom, prefix + "-oom"));
    steps.add(estimator());
    DemoResult result = new DemoResult(steps, System.currentTimeMillis() - start);
    printSummary(result);
    return result;
  }

  private DemoResult.Step healthy() throws Exception {
    List<String> ids = new ArrayList<>();
    List<String> workloads = List.of(HighValueCustomers.NAME, ChurnRisk.NAME, ReferralGraph.NAME);
    int i = 0;
    boolean ok = true;
    for (String tenant : TENANTS) {
      for (String region : REGIONS) {
        String workload = workloads.get(i % workloads.size());
        String id = prefix + "-" + tenant + "-" + region + "-" + (++i);
        RunResult r =
            engine.run(RunRequest.of(id, tenant, region, workload, DataSpec.small().withSeed(i))
                .withSlaDeadlineMs(System.currentTimeMillis() + 300_000));
        ids.add(id);
        ok &= r.succeeded();
      }
    }
    for (String id : ids) {
      ok &= status(awaitFinished(id)).equals("SUCCEEDED");
    }
    return step("healthy", ok, ids.size() + " runs across " + TENANTS.size() + " tenants x " + REGIONS.size() + " regions, all SUCCEEDED: " + ok, ids, null);
  }

  /**
   * The uniform runtime of the skew step's workload at its size, the faster of two runs (the first
   * pays for JIT warm-up): the attempt budgets derive from it.
   */
  private long baseline() throws Exception {
    long best = Long.MAX_VALUE;
    for (int i = 1; i <= 2; i++) {
      String id = prefix + "-baseline-" + i;
      RunResult r =
          engine.run(RunRequest.of(id, SKEW_TENANT, "us-east-1", HighValueCustomers.NAME, skewScale)
              .withSlaDeadlineMs(System.currentTimeMillis() + 300_000));
      awaitFinished(id);
      out.printf("  baseline %s: %s in %.1f s (uniform keys)%n", id, r.outcome(), r.runtimeMs() / 1000.0);
      best = Math.min(best, r.runtimeMs());
    }
    return best;
  }

  private Duration budget(long baselineMs) {
    return Duration.ofMillis(Math.max(3_000, (long) (baselineMs * BUDGET_FACTOR)));
  }

  private DemoResult.Step skew(long baselineMs) throws Exception {
    String id = prefix + "-skewed";
    Duration budget = budget(baselineMs);
    RunResult failed =
        engine.run(RunRequest.of(id, SKEW_TENANT, "us-east-1", HighValueCustomers.NAME, skewScale.withZipf(SKEW_ZIPF))
            .withBudget(budget)
            .withSlaDeadlineMs(System.currentTimeMillis() + 300_000));
    out.printf("  skewed %s: %s after %.1f s (budget %d s)%n", id, failed.outcome(), failed.runtimeMs() / 1000.0, budget.toSeconds());
    JsonNode run = awaitFinished(id);
    JsonNode triage = awaitJson("/api/v1/runs/" + id + "/triage");
    JsonNode decision = awaitJson("/api/v1/runs/" + id + "/retries");
    Optional<RunResult> retry = engine.awaitRetryOf(id, waitLimit);
    String retryId = decision.path("retryRunId").asText(id + "-attempt-2");
    JsonNode retryRun = retry.isPresent() ? awaitFinished(retryId) : null;
    boolean ok =
        status(run).equals("FAILED")
            && triage.path("class").asText().equals("DATA_SKEW")
            && decision.path("decision").asText().equals("RETRIED")
            && decision.path("plan").path("salting").isObject()
            && retryRun != null
            && status(retryRun).equals("SUCCEEDED")
            && durationMs(retryRun) < durationMs(run);
    String shows =
        String.format(
            "%s, triage %s (%s), retry %s/%s salting %s x%s (applied x%s) -> %s %s in %.1f s vs %.1f s",
            status(run), triage.path("class").asText("?"), triage.path("summary").asText(""), decision.path("decision").asText("?"),
            decision.path("reason").asText("?"), decision.path("plan").path("salting").path("keys"),
            decision.path("plan").path("salting").path("factor").asText("?"),
            retry.map(r -> r.appliedSalting() == null ? "none" : Integer.toString(r.appliedSalting().factor())).orElse("-"), retryId,
            retryRun == null ? "never ran" : status(retryRun), retryRun == null ? 0 : durationMs(retryRun) / 1000.0,
            durationMs(run) / 1000.0);
    return step("skew", ok, shows, List.of(id, retryId), SKEW_TENANT);
  }

  private DemoResult.Step cannotFit(long baselineMs) throws Exception {
    String id = prefix + "-skewed-late";
    Duration budget = budget(baselineMs);
    long startMs = System.currentTimeMillis();
    // Leaves about half a baseline after the failure: less than backoff + the predicted runtime.
    long deadline = startMs + budget.toMillis() + Math.max(4_000, baselineMs / 2);
    engine.run(RunRequest.of(id, SKEW_TENANT, "us-east-1", HighValueCustomers.NAME, skewScale.withZipf(SKEW_ZIPF))
        .withBudget(budget)
        .withSlaDeadlineMs(deadline));
    JsonNode run = awaitFinished(id);
    JsonNode triage = awaitJson("/api/v1/runs/" + id + "/triage");
    JsonNode decision = awaitJson("/api/v1/runs/" + id + "/retries");
    boolean ok =
        status(run).equals("FAILED")
            && decision.path("decision").asText().equals("SKIPPED")
            && decision.path("reason").asText().equalsIgnoreCase("cannot_fit_deadline");
    String shows =
        String.format("%s, triage %s, retry %s/%s: %s", status(run), triage.path("class").asText("?"),
            decision.path("decision").asText("?"), decision.path("reason").asText("?"), decision.path("detail").asText(""));
    return step("cannot-fit", ok, shows, List.of(id), SKEW_TENANT);
  }

  private DemoResult.Step cartesian() throws Exception {
    String id = prefix + "-referrals";
    // 150 referral keys x 600 rows a side: 54 M two-hop paths from 180,000 rows read. The export is
    // due half a second after it starts (its healthy runs take about that); the explosion misses it.
    DataSpec exploding = DataSpec.small().withRelationships(90_000).withDuplicateKeys(600);
    engine.run(RunRequest.of(id, CARTESIAN_TENANT, "eu-west-1", ReferralGraph.NAME, exploding)
        .withSlaDeadlineMs(System.currentTimeMillis() + 500));
    JsonNode run = awaitFinished(id);
    JsonNode triage = awaitJson("/api/v1/runs/" + id + "/triage");
    JsonNode decision = awaitJson("/api/v1/runs/" + id + "/retries");
    boolean ok =
        triage.path("class").asText().equals("CARTESIAN_EXPLOSION")
            && decision.path("decision").asText().equals("SKIPPED")
            && decision.path("reason").asText().equalsIgnoreCase("not_retryable")
            && decision.path("guidance").isObject();
    String shows =
        String.format("%s past its SLA, triage %s (%s), retry %s/%s, guidance: %s", status(run), triage.path("class").asText("?"),
            triage.path("summary").asText(""), decision.path("decision").asText("?"), decision.path("reason").asText("?"),
            decision.path("guidance").path("summary").asText(decision.path("guidance").toString()));
    return step("cartesian", ok, shows, List.of(id), CARTESIAN_TENANT);
  }

  private DemoResult.Step burst() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= BURST_RUNS; i++) {
      String id = prefix + "-feed-" + i;
      engine.run(RunRequest.of(id, BURST_TENANT, "eu-west-1", ChurnRisk.NAME, DataSpec.small().withMalformedEventEvery(50_000).withSeed(i)));
      ids.add(id);
    }
    boolean ok = true;
    for (String id : ids) {
      ok &= status(awaitFinished(id)).equals("FAILED");
    }
    Predicate<JsonNode> burstAlert =
        a -> a.path("rule").asText().equals(FAILURE_BURST_RULE) && BURST_TENANT.equals(a.path("tenant").asText());
    JsonNode alert = awaitAlert(burstAlert);
    JsonNode page = null;
    if (sink != null) {
      page = sink.await(n -> burstAlert.test(n.path("alert")), waitLimit).orElse(null);
    }
    String cls = alert == null ? "none" : alert.path("classification").path("dominantClass").asText("?");
    ok &= alert != null && (sink == null || page != null);
    String shows =
        String.format("%d FAILED runs -> alert %s (%s) class %s%s", ids.size(), alert == null ? "none" : alert.path("id").asText(),
            alert == null ? "-" : alert.path("level").asText(), cls,
            sink == null ? "" : page == null ? ", not at the webhook sink" : ", delivered to the webhook sink (" + page.path("kind").asText() + ")");
    return step("burst", ok, shows, ids, BURST_TENANT);
  }

  private DemoResult.Step oom(Process app, String id) throws Exception {
    boolean exited = app.waitFor(180, TimeUnit.SECONDS);
    if (!exited) {
      app.destroyForcibly();
    }
    JsonNode run = awaitStatus(id, s -> s.equals("LOST"), Duration.ofSeconds(120));
    JsonNode triage = awaitJson("/api/v1/runs/" + id + "/triage");
    boolean ok = exited && status(run).equals("LOST") && triage.has("class");
    String shows =
        String.format("driver exit %s, run %s, triage %s (%s)", exited ? Integer.toString(app.exitValue()) : "timeout", status(run),
            triage.path("class").asText("none"), triage.path("summary").asText(""));
    return step("oom", ok, shows, List.of(id), OOM_TENANT);
  }

  private DemoResult.Step estimator() throws Exception {
    ControlPlaneHttp.Response trained = api.post("/api/v1/estimator/train", null);
    ObjectNode request = ControlPlaneHttp.json().createObjectNode().put("tenant", SKEW_TENANT).put("workload", HighValueCustomers.NAME);
    request.putArray("tables").addObject().put("name", "orders").put("rows", skewScale.orders()).put("bytes", skewScale.orders() * 32);
    request.put("joins", 1).put("relationshipDepth", 1).put("outputKind", "DRIVER").put("targetSlaSeconds", 300);
    ControlPlaneHttp.Response estimate = api.post("/api/v1/estimates", request);
    JsonNode e = estimate.body();
    boolean ok = estimate.ok() && (e.hasNonNull("modelVersion") || e.has("heuristicFallback"));
    String shows =
        String.format("train -> %d %s; estimate -> %d model %s heuristic %s p50 %.1f s p90 %.1f s", trained.status(),
            oneLine(trained.body()), estimate.status(), e.path("modelVersion").asText("?"), e.path("heuristicFallback").asText("?"),
            e.path("predictedRuntimeP50Seconds").asDouble(), e.path("predictedRuntimeP90Seconds").asDouble());
    return step("estimator", ok, shows, List.of(), SKEW_TENANT);
  }

  private Process startOom(String runId) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx512m"); // the smallest heap Spark 4 accepts for a driver
    cmd.add("-XX:+ExitOnOutOfMemoryError");
    cmd.addAll(javaOpens());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(OomSegmentApp.class.getName());
    cmd.add(api.base().toString());
    cmd.add(runId);
    cmd.add(OOM_TENANT);
    cmd.add("us-east-1");
    Path log = Files.createTempFile("sparkplane-demo-oom", ".log");
    out.printf("  oom: driver subprocess for %s, log %s%n", runId, log);
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** The --add-opens flags Spark needs on Java 17: this JVM's own, else the documented set. */
  static List<String> javaOpens() {
    List<String> own =
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream().filter(a -> a.startsWith("--add-opens")).toList();
    if (!own.isEmpty()) {
      return own;
    }
    String configured = System.getProperty("sparkplane.engine.opens", "");
    List<String> flags = new ArrayList<>();
    for (String f : configured.split(" ")) {
      if (!f.isBlank()) {
        flags.add(f);
      }
    }
    if (flags.isEmpty()) {
      for (String pkg : List.of("sun.nio.ch", "java.nio", "java.lang", "java.util", "sun.util.calendar", "java.lang.invoke", "sun.security.action")) {
        flags.add("--add-opens=java.base/" + pkg + "=ALL-UNNAMED");
      }
    }
    return flags;
  }

  private JsonNode awaitFinished(String runId) throws InterruptedException {
    return awaitStatus(runId, s -> !s.equals("RUNNING") && !s.isEmpty(), waitLimit);
  }

  private JsonNode awaitStatus(String runId, Predicate<String> done, Duration limit) throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    JsonNode last = ControlPlaneHttp.json().missingNode();
    while (System.nanoTime() < end) {
      ControlPlaneHttp.Response r = api.get("/api/v1/runs/" + runId);
      if (r.ok()) {
        last = r.body();
        if (done.test(status(last))) {
          return last;
        }
      }
      Thread.sleep(250);
    }
    return last;
  }

  /** GET {@code path} until it answers 200 (an attachment being written), or a missing node. */
  private JsonNode awaitJson(String path) throws InterruptedException {
    long end = System.nanoTime() + waitLimit.toNanos();
    while (System.nanoTime() < end) {
      ControlPlaneHttp.Response r = api.get(path);
      if (r.ok()) {
        return r.body();
      }
      Thread.sleep(250);
    }
    return ControlPlaneHttp.json().missingNode();
  }

  private @Nullable JsonNode awaitAlert(Predicate<JsonNode> p) throws InterruptedException {
    long end = System.nanoTime() + waitLimit.toNanos();
    while (System.nanoTime() < end) {
      ControlPlaneHttp.Response r = api.get("/api/v1/alerts?state=all");
      if (r.ok()) {
        for (String list : List.of("active", "recent")) {
          for (JsonNode a : r.body().path(list)) {
            if (p.test(a)) {
              return a;
            }
          }
        }
      }
      Thread.sleep(250);
    }
    return null;
  }

  private static String status(JsonNode run) {
    return run.path("status").asText("");
  }

  private static long durationMs(JsonNode run) {
    JsonNode d = run.path("summary").path("timing").path("durationMs");
    return d.isNumber() ? d.asLong() : Long.MAX_VALUE;
  }

  private static String oneLine(JsonNode n) {
    String s = n.toString();
    return s.length() <= 160 ? s : s.substring(0, 157) + "...";
  }

  private DemoResult.Step step(String name, boolean ok, String shows, List<String> ids, @Nullable String tenant) {
    DemoResult.Step s = new DemoResult.Step(name, ok, shows, ids, tenant);
    out.printf("[%s] %-10s %s%n", ok ? " ok " : "FAIL", name, shows);
    return s;
  }

  /** The console page of a run. */
  public String consoleLink(String runId, @Nullable String tenant) {
    return api.base().resolve("/ui/runs/" + runId) + (tenant == null ? "" : "?tenant=" + tenant);
  }

  private void printSummary(DemoResult result) {
    out.printf("%nDemo scenario finished in %.1f s: %s%n", result.runtimeMs() / 1000.0, result.ok() ? "every step as expected" : "SOME STEPS DIFFERED");
    for (DemoResult.Step s : result.steps()) {
      out.printf("  %-10s %s%n", s.name(), s.ok() ? "ok" : "DIFFERED");
      for (String id : s.runIds()) {
        String tenant = s.tenant() != null ? s.tenant() : tenantOf(id);
        out.printf("             %s%n", consoleLink(id, tenant));
      }
    }
    out.printf("  all runs:  %s%n", api.base().resolve("/ui/runs"));
  }

  private static @Nullable String tenantOf(String runId) {
    for (String t : TENANTS) {
      if (runId.contains("-" + t + "-")) {
        return t;
      }
    }
    return null;
  }
}
