package io.sparkplane.engine;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkplane.engine.data.CustomerData;
import io.sparkplane.engine.data.CustomerDataGenerator;
import io.sparkplane.engine.internal.ConfScope;
import io.sparkplane.engine.internal.ControlPlaneHttp;
import io.sparkplane.engine.internal.RetryWebhook;
import io.sparkplane.engine.workload.AttemptBudget;
import io.sparkplane.engine.workload.JobShape;
import io.sparkplane.engine.workload.SegmentQuery;
import io.sparkplane.engine.workload.TableSize;
import io.sparkplane.engine.workload.Workloads;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.SparkSession;
import org.jspecify.annotations.Nullable;

/**
 * The reference segmentation engine: one local SparkSession with the Sparkplane listener attached,
 * running named segment workloads over generated customer data, one run at a time.
 *
 * <p>Every run sets {@code sparkplane.run.id}, {@code .tenant}, {@code .region}, {@code .workload},
 * {@code .attempt} and {@code .sla.deadline} as local properties of its thread (cleared after), runs
 * in its own job group, and gets a time budget. Queries pass the budget to their tasks, and a task
 * past it throws {@code RuntimeException("run exceeded its time budget of N s")}: the straggler
 * fails itself, so the run's last job FAILED and the straggler's time is in its stage's figures,
 * which is how triage sees the skew. A query whose tasks do not check is cancelled {@link
 * #CANCEL_GRACE} later and failed with one more job that throws the same message (a cancelled last
 * job would make the run {@code CANCELLED}, which triage leaves alone; and a killed task may reach
 * the listener after its stage has ended). The
 * retry webhook ({@link #webhookUrl()}) starts each retry once per retry id, with the plan's conf
 * overrides and salting.
 *
 * <pre>{@code
 * try (SegmentationEngine engine = SegmentationEngine.open(EngineSettings.defaults())) {
 *   // configure the control plane's retry.webhook.url = engine.webhookUrl(), start it, then:
 *   engine.connect(URI.create("http://127.0.0.1:7070"));
 *   RunResult r = engine.run(RunRequest.of("seg-1", "acme", "us-east-1", "high-value-customers", DataSpec.small()));
 * }
 * }</pre>
 */
public final class SegmentationEngine implements AutoCloseable {

  /** Local properties the listener reads per run. */
  static final List<String> RUN_PROPERTIES =
      List.of("sparkplane.run.id", "sparkplane.tenant", "sparkplane.region", "sparkplane.workload", "sparkplane.attempt",
          "sparkplane.sla.deadline");

  /**
   * How long past its budget a run's jobs are cancelled when its tasks did not fail themselves
   * (a query without budget checks): the run then fails with one more job (see the class comment).
   */
  static final Duration CANCEL_GRACE = Duration.ofSeconds(3);

  private final EngineSettings settings;
  private final Clock clock;
  private final RetryWebhook webhook;
  private final ReentrantLock runLock = new ReentrantLock();
  private final ScheduledExecutorService budgets;
  private final ExecutorService retryRunner;
  private final Map<String, RunRequest> requests = new ConcurrentHashMap<>();
  private final Map<String, Retry> retriesById = new ConcurrentHashMap<>();
  private final Map<String, Retry> retriesByRun = new ConcurrentHashMap<>();
  private volatile @Nullable SparkSession spark;
  private volatile @Nullable ControlPlaneHttp controlPlane;

  /** A retry accepted through the webhook. */
  public record Retry(RetryCall call, RunRequest request, CompletableFuture<RunResult> result) {}

  private SegmentationEngine(EngineSettings settings, Clock clock) throws IOException {
    this.settings = settings;
    this.clock = clock;
    this.budgets = Executors.newSingleThreadScheduledExecutor(daemon("sparkplane-engine-budget"));
    this.retryRunner = Executors.newSingleThreadExecutor(daemon("sparkplane-engine-retries"));
    this.webhook = RetryWebhook.start(settings.webhookHost(), settings.webhookPort(), this::onRetry);
  }

  /** Binds the retry webhook; {@link #connect} starts Spark once the control plane runs. */
  public static SegmentationEngine open(EngineSettings settings) throws IOException {
    return new SegmentationEngine(settings, Clock.systemUTC());
  }

  /** Where the control plane's {@code retry.webhook.url} must point. */
  public URI webhookUrl() {
    return webhook.url();
  }

  /** Starts the engine's SparkSession with the listener shipping to {@code controlPlaneUrl}. */
  public synchronized void connect(URI controlPlaneUrl) {
    if (spark != null) {
      throw new IllegalStateException("already connected");
    }
    SparkSession.Builder b =
        SparkSession.builder()
            .master(settings.master())
            .appName("sparkplane-segmentation-engine")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.extraListeners", "io.sparkplane.listener.SparkplaneListener")
            .config("spark.sparkplane.collector.url", controlPlaneUrl.toString())
            .config("spark.sparkplane.tenant", "engine")
            .config("spark.sparkplane.heartbeat.interval", settings.heartbeatInterval().toMillis() + "ms")
            .config("spark.sparkplane.run.idleTimeout", settings.runIdleTimeout().toMillis() + "ms");
    if (settings.token() != null) {
      b.config("spark.sparkplane.token", settings.token());
    }
    controlPlane = new ControlPlaneHttp(controlPlaneUrl, settings.token(), settings.httpTimeout());
    spark = b.getOrCreate();
  }

  public SparkSession spark() {
    SparkSession s = spark;
    if (s == null) {
      throw new IllegalStateException("not connected: call connect(controlPlaneUrl) first");
    }
    return s;
  }

  /** Runs one workload to its end (success, failure or budget) and returns how it went. */
  public RunResult run(RunRequest request) {
    SparkSession session = spark();
    SegmentQuery query = Workloads.named(request.workload());
    runLock.lock();
    try {
      requests.put(request.runId(), request);
      String estimate = settings.estimates() ? estimate(request, query) : null;
      CustomerData data = new CustomerDataGenerator(session).generate(request.data());
      SparkContext sc = session.sparkContext();
      String group = "sparkplane-" + request.runId();
      setRunProperties(sc, request);
      sc.setJobGroup(group, query.name() + " " + request.runId(), true);
      AtomicBoolean exceeded = new AtomicBoolean();
      long start = clock.millis();
      AttemptBudget budget = new AttemptBudget(start + request.budget().toMillis(), request.budget().toSeconds());
      // Tasks that check the budget fail themselves at the deadline; the rest are cancelled a grace later.
      ScheduledFuture<?> timer =
          budgets.schedule(
              () -> {
                exceeded.set(true);
                sc.cancelJobGroup(group);
              },
              request.budget().toMillis() + CANCEL_GRACE.toMillis(),
              TimeUnit.MILLISECONDS);
      Long size = null;
      String error = null;
      RunResult.Outcome outcome;
      Map<String, String> applied;
      List<String> ignored;
      SaltingDirective salting = saltingFor(query, request.salting());
      try (ConfScope conf = new ConfScope(session.conf()).set(baseConf(request)).set(request.confOverrides())) {
        try {
          size = query.run(session, data, salting, budget);
          outcome = RunResult.Outcome.SUCCEEDED;
        } catch (Exception e) {
          timer.cancel(false);
          if (exceeded.get()) {
            outcome = RunResult.Outcome.BUDGET_EXCEEDED;
            sc.clearJobGroup();
            error = failRun(session, request.budget());
          } else {
            error = rootMessage(e);
            outcome = budget.isExceededBy(String.valueOf(e.getMessage())) ? RunResult.Outcome.BUDGET_EXCEEDED : RunResult.Outcome.FAILED;
          }
        } finally {
          timer.cancel(false);
        }
        applied = conf.applied();
        ignored = conf.ignored();
      } finally {
        sc.clearJobGroup();
        for (String p : RUN_PROPERTIES) {
          sc.setLocalProperty(p, null);
        }
      }
      return new RunResult(
          request, outcome, start, clock.millis() - start, size, error, applied, ignored, salting, estimate);
    } finally {
      runLock.unlock();
    }
  }

  /** The retry started for {@code runId} through the webhook, waiting up to {@code timeout} for it to end. */
  public Optional<RunResult> awaitRetryOf(String runId, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    Retry retry;
    while ((retry = retriesByRun.get(runId)) == null) {
      if (System.nanoTime() > end) {
        return Optional.empty();
      }
      Thread.sleep(100);
    }
    try {
      return Optional.of(retry.result().get(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS));
    } catch (TimeoutException e) {
      return Optional.empty();
    } catch (ExecutionException e) {
      throw new IllegalStateException("retry of " + runId + " failed to run: " + e.getCause(), e.getCause());
    }
  }

  /** Retries accepted so far, by retry id. */
  public Map<String, Retry> retries() {
    return Map.copyOf(retriesById);
  }

  private RetryWebhook.Answer onRetry(RetryCall call) {
    ObjectNode ack = ControlPlaneHttp.json().createObjectNode().put("retryId", call.retryId()).put("retryRunId", call.retryRunId());
    Retry known = retriesById.get(call.retryId());
    if (known != null) {
      return new RetryWebhook.Answer(200, ack.put("status", "duplicate"));
    }
    RunRequest original = requests.get(call.runId());
    if (original == null || !original.tenant().equals(call.tenant())) {
      return new RetryWebhook.Answer(404, RetryWebhook.error("unknown_run", "this engine did not run " + call.runId(), "runId"));
    }
    if (call.workload() != null && !call.workload().equals(original.workload())) {
      return new RetryWebhook.Answer(
          400, RetryWebhook.error("invalid_parameter", "run " + call.runId() + " ran workload " + original.workload(), "workload"));
    }
    if (spark == null) {
      return new RetryWebhook.Answer(503, RetryWebhook.error("not_ready", "engine not connected yet", null));
    }
    SaltingDirective salt =
        call.saltingFactor() >= 2 ? new SaltingDirective(call.saltingKeys(), Math.max(call.saltingFactor(), settings.minSaltingFactor())) : null;
    RunRequest retry = original.retry(call.retryRunId(), call.attempt(), call.slaDeadlineMs(), call.confOverrides(), salt);
    Retry accepted = new Retry(call, retry, new CompletableFuture<>());
    if (retriesById.putIfAbsent(call.retryId(), accepted) != null) {
      return new RetryWebhook.Answer(200, ack.put("status", "duplicate"));
    }
    requests.put(retry.runId(), retry);
    retriesByRun.put(call.runId(), accepted);
    retryRunner.execute(
        () -> {
          try {
            accepted.result().complete(run(retry));
          } catch (Throwable t) {
            accepted.result().completeExceptionally(t);
            if (t instanceof Error e) {
              throw e;
            }
          }
        });
    return new RetryWebhook.Answer(202, ack.put("status", "accepted"));
  }

  /** The plan's keys when the workload has them, else the workload's own key; factor at least the engine's floor. */
  private @Nullable SaltingDirective saltingFor(SegmentQuery query, @Nullable SaltingDirective planned) {
    if (planned == null) {
      return null;
    }
    List<String> keys = query.skewKeys().containsAll(planned.keys()) ? planned.keys() : List.of();
    return new SaltingDirective(keys, Math.max(planned.factor(), settings.minSaltingFactor()));
  }

  private static Map<String, String> baseConf(RunRequest request) {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.sql.shuffle.partitions", Integer.toString(request.data().partitions()));
    // Profiles are too large to broadcast in production: joins shuffle both sides.
    conf.put("spark.sql.autoBroadcastJoinThreshold", "-1");
    conf.put("spark.sql.adaptive.coalescePartitions.enabled", "false");
    return conf;
  }

  private static void setRunProperties(SparkContext sc, RunRequest r) {
    sc.setLocalProperty("sparkplane.run.id", r.runId());
    sc.setLocalProperty("sparkplane.tenant", r.tenant());
    sc.setLocalProperty("sparkplane.region", r.region());
    sc.setLocalProperty("sparkplane.workload", r.workload());
    sc.setLocalProperty("sparkplane.attempt", Integer.toString(r.attempt()));
    sc.setLocalProperty("sparkplane.sla.deadline", r.slaDeadlineMs() == null ? null : Long.toString(r.slaDeadlineMs()));
  }

  /** The run's last job: one task that fails with the budget message, so the run ends FAILED. */
  private static String failRun(SparkSession session, Duration budget) {
    String message = new AttemptBudget(0, budget.toSeconds()).message();
    try {
      session.range(0, 1, 1, 1).foreachPartition((ForeachPartitionFunction<Long>) rows -> {
        throw new RuntimeException(message);
      });
    } catch (Exception expected) {
      return message;
    }
    throw new IllegalStateException("the budget failure job did not fail");
  }

  private @Nullable String estimate(RunRequest r, SegmentQuery query) {
    ControlPlaneHttp http = controlPlane;
    if (http == null) {
      return null;
    }
    JobShape shape = query.shape(r.data());
    ObjectNode body =
        ControlPlaneHttp.json().createObjectNode().put("tenant", r.tenant()).put("workload", r.workload()).put("runId", r.runId());
    ArrayNode tables = body.putArray("tables");
    for (TableSize t : shape.tables()) {
      tables.addObject().put("name", t.name()).put("rows", t.rows()).put("bytes", t.bytes());
    }
    body.put("joins", shape.joins()).put("relationshipDepth", shape.relationshipDepth()).put("outputKind", shape.outputKind());
    if (r.slaDeadlineMs() != null) {
      long left = r.slaDeadlineMs() - clock.millis();
      if (left >= 1000) {
        body.put("targetSlaSeconds", left / 1000.0);
      }
    }
    try {
      ControlPlaneHttp.Response response = http.post("/api/v1/estimates", body);
      return response.ok() ? response.body().toString() : "HTTP " + response.status() + " " + response.body();
    } catch (RuntimeException e) {
      // The estimator is advice: a run goes ahead without it.
      return "unavailable: " + e.getMessage();
    }
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    String first = String.valueOf(e.getMessage());
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String line = first.lines().findFirst().orElse(first);
    return t == e ? line : line + " (cause: " + t.getClass().getSimpleName() + ")";
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    try {
      webhook.close();
      retryRunner.shutdownNow();
      budgets.shutdownNow();
    } finally {
      SparkSession s = spark;
      if (s != null) {
        s.stop();
      }
    }
  }

  /** The retries accepted so far in the order they were accepted (for reports). */
  public List<Retry> retryLog() {
    return new ArrayList<>(retriesById.values());
  }
}
