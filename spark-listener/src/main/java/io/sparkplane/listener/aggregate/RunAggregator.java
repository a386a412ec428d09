package io.sparkplane.listener.aggregate;

import io.sparkplane.wire.ListenerCost;
import io.sparkplane.wire.ListenerStats;
import io.sparkplane.wire.MetricTotals;
import io.sparkplane.wire.Progress;
import io.sparkplane.wire.ResourceConf;
import io.sparkplane.wire.RunIdentity;
import io.sparkplane.wire.RunStatus;
import io.sparkplane.wire.RunSummary;
import io.sparkplane.wire.StageSummary;
import io.sparkplane.wire.Timing;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.spark.TaskEndReason;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.scheduler.TaskInfo;

/** Everything known about one run while it is active, bounded in memory. */
final class RunAggregator {

  /**
   * Completed stage attempts kept open for late task ends. Spark reports a speculative attempt killed
   * because another attempt succeeded after the stage (even the job) completed, and its own stage
   * totals count that task; so do ours, for the most recently completed stages.
   */
  static final int LATE_TASK_STAGES = 16;

  /**
   * Stage attempts aggregated at once per run (each holds about 6 KB of sketches); tasks of stages
   * submitted beyond this still count in the run totals.
   */
  static final int MAX_ACTIVE_STAGES = 500;

  private final RunIdentity identity;
  private final ResourceConf resources;
  private final long submitTimeMs;
  private final MetricAccumulator totals = new MetricAccumulator();
  private final Map<Long, StageAggregator> activeStages = new HashMap<>();
  private final Map<Long, CompletedStage> recentlyCompleted =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, CompletedStage> eldest) {
          return size() > LATE_TASK_STAGES;
        }
      };
  private final StageRetention finishedStages;
  private final JoinTracker joins = new JoinTracker();
  private final FailureCollector failures = new FailureCollector();
  private final Set<Integer> activeJobs = new HashSet<>();
  private Long startTimeMs;
  private Long sqlPlanningTimeMs;
  private int completedJobs;
  private int failedJobs;
  private int completedStages;
  private int failedStages;
  private long completedTasks;
  private long failedTasks;
  private boolean lastJobFailed;
  private boolean lastJobCancelled;
  private long lastActivityMs;
  private int activeSqlExecutions;
  private long lastStageKey = -1;
  private StageAggregator lastStage;
  private long busCpuNanos;
  private long busCallbacks;
  private long taskEvents;
  private long retainedBytesPeak;

  RunAggregator(RunIdentity identity, ResourceConf resources, long submitTimeMs, int maxStages) {
    this.identity = identity;
    this.resources = resources;
    this.submitTimeMs = submitTimeMs;
    this.lastActivityMs = submitTimeMs;
    this.finishedStages = new StageRetention(maxStages);
  }

  RunIdentity identity() {
    return identity;
  }

  ResourceConf resources() {
    return resources;
  }

  long submitTimeMs() {
    return submitTimeMs;
  }

  JoinTracker joins() {
    return joins;
  }

  void jobStarted(int jobId, long timeMs) {
    activeJobs.add(jobId);
    if (startTimeMs == null) {
      startTimeMs = timeMs;
    }
    lastActivityMs = timeMs;
  }

  void sqlPlanningObserved(long planningMs) {
    if (sqlPlanningTimeMs == null) {
      sqlPlanningTimeMs = Math.max(0, planningMs);
    }
  }

  void jobEnded(int jobId, long timeMs, boolean failed, Throwable failure) {
    activeJobs.remove(jobId);
    lastActivityMs = timeMs;
    lastJobFailed = failed;
    if (failed) {
      failedJobs++;
      lastJobCancelled = isCancellation(failure);
      failures.jobFailed(jobId, failure);
    } else {
      completedJobs++;
      lastJobCancelled = false;
    }
  }

  private static final Pattern CANCELLED =
      Pattern.compile("^(\\[[A-Z_]+\\] )?Job (\\d+ )?cancelled");

  static boolean isCancellation(Throwable failure) {
    String m = failure == null ? null : failure.getMessage();
    // "Job 3 cancelled because ..." (Spark 3), "[SPARK_JOB_CANCELLED] Job 3 cancelled ..." (Spark 4),
    // "Job cancelled because ..." (Spark 1.x).
    return m != null && CANCELLED.matcher(m).lookingAt();
  }

  void stageSubmitted(StageInfo info) {
    if (activeStages.size() < MAX_ACTIVE_STAGES) {
      activeStages.putIfAbsent(key(info.stageId(), info.attemptNumber()), StageAggregator.of(info));
    }
    updateRetainedEstimate();
  }

  void taskEnded(
      int stageId, int stageAttempt, TaskEndReason reason, TaskInfo info, TaskMetrics metrics) {
    TaskOutcome outcome = TaskOutcome.of(reason);
    totals.addTask(outcome, metrics);
    if (outcome == TaskOutcome.SUCCEEDED) {
      completedTasks++;
    } else {
      failedTasks++;
      failures.taskEnded(outcome, reason);
    }
    long key = key(stageId, stageAttempt);
    // Consecutive task ends mostly belong to one stage: skip the boxed map lookup for them.
    StageAggregator stage = key == lastStageKey ? lastStage : activeStages.get(key);
    if (stage != null) {
      lastStageKey = key;
      lastStage = stage;
      stage.addTask(outcome, info, metrics);
      return;
    }
    CompletedStage completed = recentlyCompleted.get(key);
    if (completed != null) {
      recentlyCompleted.put(key, completed.lateTask(outcome, info, metrics, finishedStages));
    }
  }

  /**
   * A completed stage attempt still taking late task ends, with what its summary needs of its
   * {@link StageInfo} (not the StageInfo itself, which can be large) and the summary last reported.
   */
  private record CompletedStage(
      StageAggregator stage, Long completion, String failure, long nowMs, StageSummary summary) {

    static CompletedStage of(StageAggregator stage, StageInfo info, long nowMs, StageSummary s) {
      return new CompletedStage(
          stage, s.completionTimeMs(), ScalaInterop.stringOrNull(info.failureReason()), nowMs, s);
    }

    CompletedStage lateTask(
        TaskOutcome outcome, TaskInfo info, TaskMetrics metrics, StageRetention retention) {
      stage.addTask(outcome, info, metrics);
      StageSummary updated = stage.summarize(completion, failure, true, nowMs);
      retention.replace(summary, updated);
      return new CompletedStage(stage, completion, failure, nowMs, updated);
    }
  }

  /** Returns the finished stage's summary, or null when the stage was never seen submitted. */
  StageSummary stageCompleted(StageInfo info, long nowMs) {
    long key = key(info.stageId(), info.attemptNumber());
    StageAggregator stage = activeStages.remove(key);
    if (key == lastStageKey) {
      lastStageKey = -1;
      lastStage = null;
    }
    if (stage == null) {
      stage = StageAggregator.of(info);
    }
    StageSummary summary = stage.summarize(info, nowMs);
    recentlyCompleted.put(key, CompletedStage.of(stage, info, nowMs, summary));
    if ("FAILED".equals(summary.status())) {
      failedStages++;
      failures.stageFailed(info.stageId());
    } else {
      completedStages++;
    }
    finishedStages.add(summary);
    updateRetainedEstimate();
    return summary;
  }

  /** Charges one callback's CPU time on the listener bus to this run. */
  void charge(long cpuNanos, boolean taskEvent) {
    busCpuNanos += cpuNanos;
    busCallbacks++;
    if (taskEvent) {
      taskEvents++;
    }
  }

  /**
   * Re-estimates the memory this run's aggregation holds and keeps the peak; called at stage
   * boundaries, where it can change most, in O(active stages).
   */
  void updateRetainedEstimate() {
    long bytes = RetainedSize.RUN_BASE;
    for (StageAggregator stage : activeStages.values()) {
      bytes += stage.estimatedBytes();
    }
    for (CompletedStage completed : recentlyCompleted.values()) {
      bytes += completed.stage().estimatedBytes();
    }
    bytes += finishedStages.estimatedBytes();
    bytes += joins.estimatedBytes() + failures.estimatedBytes();
    retainedBytesPeak = Math.max(retainedBytesPeak, bytes);
  }

  void executorRemoved(String executorId, long timeMs, String reason) {
    failures.executorRemoved(executorId, timeMs, reason);
  }

  /**
   * Whether the run is doing something: a job is active, or a SQL query of the run has not ended
   * (an adaptive query runs its stages as separate jobs, with gaps between them).
   */
  boolean hasActiveWork() {
    return !activeJobs.isEmpty() || activeSqlExecutions > 0;
  }

  void sqlExecutionStarted() {
    activeSqlExecutions++;
  }

  void sqlExecutionEnded(long timeMs) {
    activeSqlExecutions = Math.max(0, activeSqlExecutions - 1);
    lastActivityMs = Math.max(lastActivityMs, timeMs);
  }

  long lastActivityMs() {
    return lastActivityMs;
  }

  Progress progress() {
    return new Progress(
        activeJobs.size(),
        completedJobs,
        failedJobs,
        activeStages.size(),
        completedStages,
        failedStages,
        completedTasks,
        failedTasks);
  }

  MetricTotals totals() {
    return totals.snapshot();
  }

  /**
   * The final summary; stages still active are folded in with status ACTIVE. {@code shipping} is
   * null when the listener does not account its cost (replay).
   */
  RunSummary finish(long endTimeMs, ListenerStats stats, ShippingStats shipping) {
    updateRetainedEstimate();
    for (StageAggregator active : activeStages.values()) {
      finishedStages.add(active.summarize(null, endTimeMs));
    }
    activeStages.clear();
    lastStageKey = -1;
    lastStage = null;
    recentlyCompleted.clear();
    Long start = startTimeMs == null ? submitTimeMs : startTimeMs;
    Timing timing =
        new Timing(submitTimeMs, start, endTimeMs, Math.max(0, endTimeMs - start), sqlPlanningTimeMs);
    List<StageSummary> stages = finishedStages.kept();
    return new RunSummary(
        status(),
        timing,
        failures.snapshot(),
        resources,
        totals.snapshot(),
        progress(),
        stages,
        finishedStages.folded(),
        finishedStages.foldedTotals(),
        joins.summaries(),
        stats,
        shipping == null ? null : cost(shipping));
  }

  private ListenerCost cost(ShippingStats shipping) {
    long shippingCpu = shipping.shippingCpuNanos();
    long executorCpu = totals.snapshot().executorCpuTimeNs();
    return new ListenerCost(
        busCpuNanos,
        busCallbacks,
        taskEvents,
        shippingCpu,
        shipping.bytesSerialized(),
        shipping.bytesSent(),
        shipping.queueHighWaterMark(),
        retainedBytesPeak,
        executorCpu > 0 ? (double) (busCpuNanos + shippingCpu) / executorCpu : 0,
        taskEvents > 0 ? (double) busCpuNanos / taskEvents : 0);
  }

  private RunStatus status() {
    if (!activeJobs.isEmpty() || (lastJobFailed && lastJobCancelled)) {
      return RunStatus.CANCELLED;
    }
    return lastJobFailed ? RunStatus.FAILED : RunStatus.SUCCEEDED;
  }

  private static long key(int stageId, int attempt) {
    return ((long) stageId << 20) | attempt;
  }
}
