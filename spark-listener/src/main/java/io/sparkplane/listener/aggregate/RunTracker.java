package io.sparkplane.listener.aggregate;

import io.sparkplane.listener.ListenerSettings;
import io.sparkplane.listener.SlaDeadline;
import io.sparkplane.listener.TelemetrySink;
import io.sparkplane.listener.trace.RunTracing;
import io.sparkplane.wire.Heartbeat;
import io.sparkplane.wire.ListenerStats;
import io.sparkplane.wire.RunIdentity;
import io.sparkplane.wire.RunStarted;
import io.sparkplane.wire.RunSummary;
import io.sparkplane.wire.StageSummary;
import io.sparkplane.wire.TelemetryEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.JobFailed;
import org.apache.spark.scheduler.JobResult;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.apache.spark.scheduler.SparkListenerApplicationStart;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;

/**
 * Routes Spark listener events to the runs they belong to and emits run telemetry to a sink. Shared
 * by the live listener and event-log replay; all time comes from the events themselves (or from the
 * caller of {@link #tick}), so replay reproduces what the live listener saw.
 *
 * <p>A run is the application by default. Jobs whose local properties carry {@code sparkplane.run.id}
 * belong to that run instead, with {@code sparkplane.tenant}, {@code .region}, {@code .workload},
 * {@code .attempt} and {@code .sla.deadline} overriding the application's defaults.
 *
 * <p>Methods are synchronized: the listener bus thread and the heartbeat thread both call in, rarely
 * at the same time.
 */
public final class RunTracker {

  static final String RUN_ID_PROPERTY = "sparkplane.run.id";
  private static final String SQL_EXECUTION_ID = "spark.sql.execution.id";

  private final ListenerSettings settings;
  private final TelemetrySink sink;
  private final Map<String, String> conf;
  private final String sparkVersion;
  private final Map<String, RunAggregator> runs = new LinkedHashMap<>();
  private final Map<Integer, RunAggregator> runByJob = new HashMap<>();
  private final Map<Integer, List<Integer>> stagesByJob = new HashMap<>();
  private final Map<Integer, RunAggregator> runByStage = new HashMap<>();
  private final SqlExecutions sqlExecutions = new SqlExecutions();
  private final RunTracing tracing;
  private RunAggregator applicationRun;
  /** The run the latest callback worked for: its CPU time is charged there. */
  private RunAggregator lastRun;
  private int lastStageId = -1;
  private RunAggregator lastStageRun;
  private ShippingStats shippingStats;
  private String appId;
  private String appName;
  private long eventsHandled;
  private long eventsDropped;
  private long telemetryDropped;

  public RunTracker(
      ListenerSettings settings, Map<String, String> conf, String sparkVersion, TelemetrySink sink) {
    this(settings, conf, sparkVersion, sink, RunTracing.propagateOnly());
  }

  /**
   * A tracker whose runs are traced by {@code tracing}: run and stage spans, and the run's trace
   * context on its summary.
   */
  public RunTracker(
      ListenerSettings settings,
      Map<String, String> conf,
      String sparkVersion,
      TelemetrySink sink,
      RunTracing tracing) {
    this.tracing = tracing;
    this.settings = settings;
    this.conf = new HashMap<>(conf);
    this.sparkVersion = sparkVersion;
    this.sink = sink;
  }

  /**
   * Turns on cost accounting: summaries carry a {@code listenerCost} section with the CPU time
   * charged by {@link #charge} and these delivery figures. Off in replay.
   */
  public synchronized void enableCostAccounting(ShippingStats shipping) {
    this.shippingStats = shipping;
  }

  /** Charges the CPU time of the callback just handled to the run it worked for. */
  public synchronized void charge(long cpuNanos, boolean taskEvent) {
    RunAggregator run = lastRun != null ? lastRun : applicationRun;
    if (run != null) {
      run.charge(cpuNanos, taskEvent);
    }
  }

  /** Replay learns the conf from the event log's environment update. */
  public synchronized void environmentUpdated(Map<String, String> sparkProperties) {
    conf.putAll(sparkProperties);
  }

  public synchronized void applicationStarted(SparkListenerApplicationStart e) {
    lastRun = null;
    eventsHandled++;
    appId = ScalaInterop.stringOrNull(e.appId());
    appName = e.appName();
    String attemptId = ScalaInterop.stringOrNull(e.appAttemptId());
    ensureApplicationRun(e.time(), attemptId);
  }

  public synchronized void applicationEnded(SparkListenerApplicationEnd e) {
    eventsHandled++;
    for (RunAggregator run : new ArrayList<>(runs.values())) {
      finish(run, e.time());
    }
  }

  public synchronized void jobStarted(SparkListenerJobStart e) {
    eventsHandled++;
    Properties props = e.properties();
    RunAggregator run = runFor(props, e.time());
    lastRun = run;
    run.jobStarted(e.jobId(), e.time());
    runByJob.put(e.jobId(), run);
    List<Integer> stageIds = new ArrayList<>();
    scala.collection.Iterator<StageInfo> it = e.stageInfos().iterator();
    while (it.hasNext()) {
      int stageId = it.next().stageId();
      stageIds.add(stageId);
      runByStage.putIfAbsent(stageId, run);
    }
    stagesByJob.put(e.jobId(), stageIds);
    tracing.jobStarted(run.identity(), run.submitTimeMs(), props);
    String executionId = props == null ? null : props.getProperty(SQL_EXECUTION_ID);
    if (executionId != null) {
      Long planningMs = sqlExecutions.firstJobStarted(parseLong(executionId), run, e.time());
      if (planningMs != null) {
        run.sqlPlanningObserved(planningMs);
      }
    }
  }

  public synchronized void jobEnded(SparkListenerJobEnd e) {
    eventsHandled++;
    RunAggregator run = runByJob.remove(e.jobId());
    lastRun = run;
    List<Integer> stageIds = stagesByJob.remove(e.jobId());
    if (stageIds != null) {
      stageIds.forEach(runByStage::remove);
      lastStageId = -1;
      lastStageRun = null;
    }
    if (run == null) {
      return;
    }
    JobResult result = e.jobResult();
    boolean failed = result instanceof JobFailed;
    Throwable exception = failed ? ((JobFailed) result).exception() : null;
    run.jobEnded(e.jobId(), e.time(), failed, exception);
  }

  public synchronized void stageSubmitted(SparkListenerStageSubmitted e) {
    eventsHandled++;
    StageInfo info = e.stageInfo();
    lastRun = runForStage(info.stageId());
    lastRun.stageSubmitted(info);
    if (tracing.makesSpans()) {
      long submitted =
          info.submissionTime().isDefined() ? (Long) info.submissionTime().get() : lastRun.submitTimeMs();
      tracing.stageSubmitted(
          lastRun.identity(), lastRun.submitTimeMs(), info.stageId(), info.attemptNumber(), submitted);
    }
  }

  public synchronized void stageCompleted(SparkListenerStageCompleted e) {
    eventsHandled++;
    StageInfo info = e.stageInfo();
    RunAggregator run = runForStage(info.stageId());
    lastRun = run;
    long now = info.completionTime().isDefined() ? (Long) info.completionTime().get() : 0L;
    StageSummary summary = run.stageCompleted(info, now);
    if (tracing.makesSpans()) {
      tracing.stageCompleted(run.identity(), run.submitTimeMs(), summary);
    }
    if (!run.joins().isEmpty()) {
      long stageInputRows =
          summary.totals().inputRecords() + summary.totals().shuffleReadRecords();
      scala.collection.Iterator<AccumulableInfo> acc = info.accumulables().values().iterator();
      while (acc.hasNext()) {
        AccumulableInfo a = acc.next();
        Long value = a.value().isDefined() ? ScalaInterop.asLong(a.value().get()) : null;
        if (value != null) {
          run.joins().stageValue(a.id(), value, info.stageId(), stageInputRows);
        }
      }
    }
  }

  public synchronized void taskEnded(SparkListenerTaskEnd e) {
    eventsHandled++;
    lastRun = runForStage(e.stageId());
    lastRun.taskEnded(e.stageId(), e.stageAttemptId(), e.reason(), e.taskInfo(), e.taskMetrics());
  }

  /** A task event the listener chose not to process (its time budget was spent). */
  public synchronized void taskDropped() {
    eventsDropped++;
  }

  public synchronized void executorRemoved(String executorId, long timeMs, String reason) {
    lastRun = null;
    eventsHandled++;
    for (RunAggregator run : runs.values()) {
      run.executorRemoved(executorId, timeMs, reason);
    }
  }

  /** Called from the SQL listener events (see {@link SqlEventHandler}). */
  synchronized void sqlExecutionStarted(long executionId, long timeMs) {
    lastRun = null;
    eventsHandled++;
    sqlExecutions.started(executionId, timeMs);
  }

  synchronized void sqlExecutionEnded(long executionId, long timeMs) {
    lastRun = null;
    eventsHandled++;
    sqlExecutions.ended(executionId, timeMs);
  }

  synchronized void joinFound(long executionId, SqlExecutions.JoinOperator join) {
    lastRun = null;
    sqlExecutions.joinFound(executionId, join);
  }

  /** Records telemetry the sink could not deliver, reported in later summaries. */
  public synchronized void telemetryDropped(long count) {
    telemetryDropped += count;
  }

  /**
   * Periodic work at {@code nowMs}: a heartbeat for every active run, carrying the driver's heap now
   * and right after its latest garbage collection ({@code heapAfterGcBytes}, {@code null} before the
   * first), and the end of property-defined runs idle for longer than the configured timeout.
   */
  public synchronized void tick(long nowMs, long heapUsedBytes, long heapMaxBytes, Long heapAfterGcBytes) {
    for (RunAggregator run : new ArrayList<>(runs.values())) {
      boolean idle =
          run != applicationRun
              && !run.hasActiveWork()
              && nowMs - run.lastActivityMs() >= settings.runIdleTimeout().toMillis();
      if (idle) {
        finish(run, run.lastActivityMs());
      } else {
        sink.accept(
            TelemetryEvent.heartbeat(
                run.identity(), nowMs, new Heartbeat(run.progress(), heapUsedBytes, heapMaxBytes, heapAfterGcBytes)));
      }
    }
  }

  /** Whether runs get spans, not only their trace context propagated. */
  public boolean tracesSpans() {
    return tracing.makesSpans();
  }

  public synchronized int activeRuns() {
    return runs.size();
  }

  public synchronized long eventsHandled() {
    return eventsHandled;
  }

  private RunAggregator applicationRun() {
    return applicationRun != null ? applicationRun : ensureApplicationRun(0L, null);
  }

  private RunAggregator ensureApplicationRun(long timeMs, String attemptId) {
    if (applicationRun == null) {
      String id = settings.runId();
      if (id == null) {
        id = appId == null ? "unknown-app" : attemptId == null ? appId : appId + "-" + attemptId;
      }
      RunIdentity identity =
          new RunIdentity(
              id,
              settings.tenant(),
              settings.region(),
              settings.workload() != null ? settings.workload() : appName,
              settings.attempt(),
              appId,
              appName,
              settings.slaDeadlineMs());
      applicationRun = start(identity, timeMs);
    }
    return applicationRun;
  }

  private RunAggregator runFor(Properties props, long timeMs) {
    String runId = props == null ? null : props.getProperty(RUN_ID_PROPERTY);
    if (runId == null || runId.isBlank()) {
      return applicationRun();
    }
    RunAggregator run = runs.get(runId);
    if (run != null) {
      return run;
    }
    if (runs.size() >= settings.maxConcurrentRuns()) {
      return applicationRun();
    }
    return start(propertyIdentity(runId, props), timeMs);
  }

  private RunIdentity propertyIdentity(String runId, Properties props) {
    String attempt = props.getProperty("sparkplane.attempt");
    int attemptNumber = settings.attempt();
    try {
      attemptNumber = attempt == null ? attemptNumber : Math.max(1, Integer.parseInt(attempt));
    } catch (NumberFormatException ignored) {
      // A malformed attempt keeps the application's default rather than failing the job.
    }
    Long deadline = SlaDeadline.parse(props.getProperty("sparkplane.sla.deadline"));
    return new RunIdentity(
        runId,
        props.getProperty("sparkplane.tenant", settings.tenant()),
        props.getProperty("sparkplane.region", settings.region()),
        props.getProperty("sparkplane.workload", settings.workload()),
        attemptNumber,
        appId,
        appName,
        deadline != null ? deadline : settings.slaDeadlineMs());
  }

  private RunAggregator start(RunIdentity identity, long timeMs) {
    RunAggregator run =
        new RunAggregator(
            identity, ResourceConfReader.read(conf, sparkVersion), timeMs, settings.maxStages());
    runs.put(identity.runId(), run);
    sink.accept(
        TelemetryEvent.started(identity, timeMs, new RunStarted(timeMs, run.resources())));
    return run;
  }

  private RunAggregator runForStage(int stageId) {
    // Consecutive task ends mostly belong to one stage: skip the boxed map lookup for them.
    RunAggregator run = stageId == lastStageId ? lastStageRun : runByStage.get(stageId);
    if (run == null) {
      return applicationRun();
    }
    lastStageId = stageId;
    lastStageRun = run;
    return run;
  }

  private void finish(RunAggregator run, long endTimeMs) {
    runs.remove(run.identity().runId());
    if (run == applicationRun) {
      applicationRun = null;
    }
    Iterator<Map.Entry<Integer, RunAggregator>> it = runByJob.entrySet().iterator();
    while (it.hasNext()) {
      if (it.next().getValue() == run) {
        it.remove();
      }
    }
    sqlExecutions.forget(run);
    ListenerStats stats = new ListenerStats(eventsHandled, eventsDropped, telemetryDropped);
    if (lastRun == run) {
      lastRun = null;
    }
    if (lastStageRun == run) {
      lastStageId = -1;
      lastStageRun = null;
    }
    RunSummary summary = run.finish(endTimeMs, stats, shippingStats);
    String traceparent =
        tracing.runFinished(
            run.identity(),
            run.submitTimeMs(),
            summary.status(),
            summary.failure() == null ? null : summary.failure().message(),
            endTimeMs);
    if (traceparent != null) {
      summary = summary.withTraceparent(traceparent);
    }
    sink.accept(TelemetryEvent.finished(run.identity(), endTimeMs, summary));
  }

  private static long parseLong(String s) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
