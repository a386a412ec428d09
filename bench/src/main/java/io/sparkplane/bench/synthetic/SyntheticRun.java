package io.sparkplane.bench.synthetic;

import io.sparkplane.listener.aggregate.RunTracker;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.Success$;
import org.apache.spark.TaskEndReason;
import org.apache.spark.scheduler.StageInfo;

/**
 * Drives a {@link RunTracker} through one application of the given {@link RunShape}, with the
 * events a live driver posts: application start, then per job its start, stage submissions,
 * interleaved task ends, stage completions and job end. Events are made on the fly and dropped after
 * the call, so the driver itself retains nothing per task.
 */
public final class SyntheticRun {

  /** Epoch millis of the synthetic application start. */
  public static final long START_MS = 1_700_000_000_000L;

  private final RunShape shape;
  private final SplittableRandom random;
  private final TaskMetricsFactory metrics;
  private final TaskFailures failures;
  /** The running job's stage infos, held here so heap probes see the same driver state with or without a tracker. */
  private List<StageInfo> currentJobStages = List.of();
  private long nowMs = START_MS;
  private long nextTaskId;

  public SyntheticRun(RunShape shape) {
    this.shape = shape;
    this.random = new SplittableRandom(shape.seed());
    this.metrics = new TaskMetricsFactory(random.split());
    this.failures = new TaskFailures(random.split());
  }

  /**
   * Runs every job; {@code atPeak} is called once, in the last job, when all its stages are active
   * and all their tasks have ended: the most state the tracker holds before the run finishes.
   */
  public void runJobs(RunTracker tracker, Runnable atPeak) {
    tracker.applicationStarted(SparkEvents.applicationStart("app-bench-0001", nowMs));
    int jobs = (shape.stages() + shape.concurrentStages() - 1) / shape.concurrentStages();
    for (int job = 0; job < jobs; job++) {
      int first = job * shape.concurrentStages();
      int count = Math.min(shape.concurrentStages(), shape.stages() - first);
      runJob(tracker, job, first, count, job == jobs - 1 ? atPeak : () -> {});
    }
  }

  public void endApplication(RunTracker tracker) {
    tracker.applicationEnded(SparkEvents.applicationEnd(tick(500)));
  }

  private void runJob(RunTracker tracker, int jobId, int firstStage, int count, Runnable atPeak) {
    List<StageInfo> infos = new ArrayList<>();
    List<StagePlan> plans = new ArrayList<>();
    for (int s = firstStage; s < firstStage + count; s++) {
      StagePlan plan = StagePlan.random(s, random);
      plans.add(plan);
      infos.add(SparkEvents.stageInfo(s, plan.kind().stageName(s), shape.tasksPerStage()));
    }
    currentJobStages = infos;
    tracker.jobStarted(SparkEvents.jobStart(jobId, tick(20), infos));
    for (StageInfo info : infos) {
      tracker.stageSubmitted(SparkEvents.stageSubmitted(info, tick(5)));
    }
    for (int index = 0; index < shape.tasksPerStage(); index++) {
      for (StagePlan plan : plans) {
        endTask(tracker, plan, index);
      }
    }
    atPeak.run();
    for (StageInfo info : infos) {
      tracker.stageCompleted(SparkEvents.stageCompleted(info, tick(10)));
    }
    tracker.jobEnded(SparkEvents.jobEnd(jobId, tick(5)));
  }

  private void endTask(RunTracker tracker, StagePlan plan, int index) {
    double skew = plan.skewed() && random.nextInt(100) == 0 ? 5 + random.nextDouble() * 15 : 1;
    var m = metrics.next(plan.kind(), plan.medianRunMs(), skew);
    long finish = tick(1);
    long launch = finish - m.executorRunTime() - m.executorDeserializeTime();
    TaskEndReason reason =
        random.nextDouble() < shape.failureRate() ? failures.next() : Success$.MODULE$;
    tracker.taskEnded(
        SparkEvents.taskEnd(plan.stageId(), nextTaskId++, index, launch, finish, reason, m));
  }

  private long tick(long maxStepMs) {
    nowMs += random.nextLong(0, maxStepMs + 1);
    return nowMs;
  }

  /** Per-stage character: what it reads, how long its tasks run, whether it has a skewed tail. */
  private record StagePlan(int stageId, StageKind kind, long medianRunMs, boolean skewed) {

    static StagePlan random(int stageId, SplittableRandom random) {
      StageKind kind = stageId % 2 == 0 ? StageKind.SCAN : StageKind.SHUFFLE;
      return new StagePlan(
          stageId, kind, random.nextLong(200, 20_000), random.nextInt(5) == 0);
    }
  }
}
