package io.sparkplane.console.testing;

import io.sparkplane.wire.ExecutorLoss;
import io.sparkplane.wire.Failure;
import io.sparkplane.wire.Heartbeat;
import io.sparkplane.wire.JoinSummary;
import io.sparkplane.wire.ListenerCost;
import io.sparkplane.wire.ListenerStats;
import io.sparkplane.wire.MetricTotals;
import io.sparkplane.wire.Progress;
import io.sparkplane.wire.Quantiles;
import io.sparkplane.wire.ResourceConf;
import io.sparkplane.wire.RunIdentity;
import io.sparkplane.wire.RunStarted;
import io.sparkplane.wire.RunStatus;
import io.sparkplane.wire.RunSummary;
import io.sparkplane.wire.StageSummary;
import io.sparkplane.wire.TaskFailureCount;
import io.sparkplane.wire.TelemetryEvent;
import io.sparkplane.wire.Timing;
import java.util.ArrayList;
import java.util.List;

/**
 * A small, realistic fleet as wire events: healthy ETL runs, a segmentation run whose join stage is
 * skewed and misses its SLA followed by a faster second attempt, failing report runs and one still
 * running. Times are relative to {@code nowMs} so alert windows see the failures as recent.
 */
public final class FleetRuns {

  public static final String ACME = "acme";
  public static final String GLOBEX = "globex";
  public static final String SKEWED_RUN = "seg-201";
  public static final String RETRY_RUN = "seg-201-r2";
  public static final int SKEWED_STAGE = 3;
  public static final int FAILED_REPORTS = 5;

  private static final long MIB = 1L << 20;
  static final ResourceConf RESOURCES =
      new ResourceConf("yarn", "4.0.1", 8, 4, 8192L, 1024L, 4096L, 200, true, false, true, false);

  private final long nowMs;
  private final List<TelemetryEvent> events = new ArrayList<>();

  public FleetRuns(long nowMs) {
    this.nowMs = nowMs;
    healthyEtl();
    skewedSegmentation();
    failingReports();
    running();
  }

  public List<TelemetryEvent> events() {
    return List.copyOf(events);
  }

  private void healthyEtl() {
    for (int i = 0; i < 4; i++) {
      long submit = nowMs - 3_600_000L * (6 - i);
      RunIdentity id = identity(ACME, "etl-10" + i, "nightly-etl", 1, null);
      List<StageSummary> stages =
          List.of(
              stage(0, "parquet at Ingest.scala:41", submit + 2_000, 40_000, 400, 90, 110, 0, 0, 1.3, 1.2),
              stage(1, "groupBy at Ingest.scala:58", submit + 43_000, 55_000, 200, 240, 310, 30 * MIB, 36 * MIB, 1.4, 1.3),
              stage(2, "save at Ingest.scala:77", submit + 99_000, 20_000, 200, 80, 95, 12 * MIB, 14 * MIB, 1.2, 1.2));
      finishedRun(id, submit, 121_000, RunStatus.SUCCEEDED, stages, null, List.of());
    }
  }

  private void skewedSegmentation() {
    long submit = nowMs - 50 * 60_000L;
    // the SLA was 8 minutes after submit; the run took 14
    RunIdentity first = identity(ACME, SKEWED_RUN, "segments", 1, submit + 8 * 60_000L);
    List<StageSummary> stages =
        List.of(
            stage(0, "scan users at Segments.scala:22", submit + 3_000, 60_000, 400, 120, 160, 0, 0, 1.4, 1.3),
            stage(1, "scan events at Segments.scala:25", submit + 3_500, 95_000, 800, 110, 150, 0, 0, 1.5, 1.4),
            stage(2, "exchange at Segments.scala:31", submit + 99_000, 70_000, 200, 300, 380, 48 * MIB, 60 * MIB, 1.6, 1.4),
            new StageSummary(
                SKEWED_STAGE, 0, "join at Segments.scala:40", 200, "COMPLETE", submit + 170_000L, submit + 820_000L,
                650_000, null,
                totals(200, 2_400_000, 9_800L * MIB, 3_100L * MIB),
                new Quantiles(200, 4_100, 6_900, 21_000, 612_000),
                new Quantiles(200, 36 * MIB, 58 * MIB, 190 * MIB, 2_150 * MIB),
                new Quantiles(200, 410_000, 640_000, 2_100_000, 24_000_000),
                Quantiles.EMPTY, Quantiles.EMPTY,
                58.5, 149.3),
            stage(4, "write segments at Segments.scala:52", submit + 821_000, 19_000, 200, 70, 95, 5 * MIB, 7 * MIB, 1.3, 1.4));
    List<JoinSummary> joins =
        List.of(new JoinSummary(4, "SortMergeJoin", "Inner, [user_id#12], [user_id#48]", 96_000_000, SKEWED_STAGE, 96_500_000, 0.99));
    finishedRun(first, submit, 840_000, RunStatus.SUCCEEDED, stages, null, joins);

    long retrySubmit = submit + 845_000;
    RunIdentity second = identity(ACME, RETRY_RUN, "segments", 2, retrySubmit + 8 * 60_000L);
    List<StageSummary> salted =
        List.of(
            stage(0, "scan users at Segments.scala:22", retrySubmit + 3_000, 58_000, 400, 120, 150, 0, 0, 1.3, 1.3),
            stage(1, "scan events at Segments.scala:25", retrySubmit + 3_400, 92_000, 800, 110, 140, 0, 0, 1.4, 1.3),
            stage(2, "exchange at Segments.scala:31", retrySubmit + 96_000, 72_000, 400, 170, 220, 24 * MIB, 31 * MIB, 1.5, 1.4),
            stage(3, "join at Segments.scala:40 (salted)", retrySubmit + 169_000, 140_000, 400, 5_600, 7_900, 24 * MIB, 33 * MIB, 1.7, 1.6),
            stage(4, "write segments at Segments.scala:52", retrySubmit + 310_000, 18_000, 200, 70, 90, 5 * MIB, 7 * MIB, 1.3, 1.3));
    finishedRun(second, retrySubmit, 330_000, RunStatus.SUCCEEDED, salted, null, List.of());
  }

  private void failingReports() {
    for (int i = 0; i < FAILED_REPORTS; i++) {
      long submit = nowMs - 4 * 60_000L + i * 20_000L;
      RunIdentity id = identity(GLOBEX, "rep-30" + i, "daily-reports", 1, null);
      Failure failure =
          new Failure(
              "org.apache.spark.SparkException",
              "Job aborted due to stage failure: Task 7 in stage 1.0 failed 4 times, most recent failure: "
                  + "java.lang.OutOfMemoryError: Java heap space <script>alert('x')</script>",
              List.of("org.apache.spark.scheduler.DAGScheduler.failJobAndIndependentStages(DAGScheduler.scala:2898)"),
              0, 1,
              List.of(new TaskFailureCount("ExceptionFailure", "java.lang.OutOfMemoryError", "Java heap space", 4)),
              List.of(new ExecutorLoss("3", submit + 40_000, "Container killed on request. Exit code is 137", 137)),
              1);
      List<StageSummary> stages =
          List.of(
              stage(0, "scan orders at Reports.scala:12", submit + 1_000, 30_000, 100, 250, 300, 0, 0, 1.2, 1.2),
              new StageSummary(
                  1, 0, "aggregate at Reports.scala:30", 100, "FAILED", submit + 32_000L, submit + 58_000L, 26_000,
                  "Task 7 in stage 1.0 failed 4 times", totals(100, 800_000, 400 * MIB, 0),
                  new Quantiles(96, 5_000, 7_000, 9_000, 9_500), new Quantiles(96, 4 * MIB, 5 * MIB, 6 * MIB, 6 * MIB),
                  Quantiles.EMPTY, Quantiles.EMPTY, Quantiles.EMPTY, 1.5, 1.9));
      finishedRun(id, submit, 60_000, RunStatus.FAILED, stages, failure, List.of());
    }
  }

  private void running() {
    long submit = nowMs - 90_000;
    RunIdentity id = identity(ACME, "etl-110", "nightly-etl", 1, null);
    events.add(TelemetryEvent.started(id, submit + 100, new RunStarted(submit, RESOURCES)));
    events.add(
        TelemetryEvent.heartbeat(
            id, nowMs - 5_000, new Heartbeat(new Progress(1, 0, 0, 2, 1, 0, 350, 0), 900 * MIB, 4096 * MIB)));
  }

  private void finishedRun(
      RunIdentity id, long submit, long durationMs, RunStatus status, List<StageSummary> stages, Failure failure,
      List<JoinSummary> joins) {
    events.add(TelemetryEvent.started(id, submit + 100, new RunStarted(submit, RESOURCES)));
    MetricTotals total = MetricTotals.ZERO;
    for (StageSummary s : stages) {
      total = total.plus(s.totals());
    }
    long tasks = total.tasks();
    ListenerCost cost =
        new ListenerCost(tasks * 9_000, tasks + 40, tasks, 41_000_000, 180_000, 21_000, 3, 96_000,
            (tasks * 9_000 + 41_000_000.0) / Math.max(1, total.executorCpuTimeNs()), 9_000);
    RunSummary summary =
        new RunSummary(
            status,
            new Timing(submit, submit + 400, submit + durationMs, durationMs - 400, 900L),
            failure,
            RESOURCES,
            total,
            new Progress(0, 2, status == RunStatus.FAILED ? 1 : 0, 0, stages.size(), 0, tasks, 0),
            stages,
            0,
            MetricTotals.ZERO,
            joins,
            ListenerStats.NONE,
            cost);
    events.add(TelemetryEvent.finished(id, submit + durationMs, summary));
  }

  private static RunIdentity identity(String tenant, String runId, String workload, int attempt, Long slaMs) {
    return new RunIdentity(runId, tenant, "eu-west-1", workload, attempt, "application_1760_" + runId, workload, slaMs);
  }

  /** A stage with an even distribution: p50 and max of task time (ms) and shuffle read (bytes). */
  private static StageSummary stage(
      int id, String name, long submitted, long durationMs, int tasks, long p50Ms, long maxMs, long p50Bytes,
      long maxBytes, double skew, double durationSkew) {
    Quantiles time = new Quantiles(tasks, p50Ms, p50Ms * 1.2, maxMs * 0.95, maxMs);
    Quantiles bytes =
        p50Bytes == 0 ? Quantiles.EMPTY : new Quantiles(tasks, p50Bytes, p50Bytes * 1.1, maxBytes * 0.95, maxBytes);
    return new StageSummary(
        id, 0, name, tasks, "COMPLETE", submitted, submitted + durationMs, durationMs, null,
        totals(tasks, tasks * p50Ms, tasks * p50Bytes, 0), time, bytes, Quantiles.EMPTY, Quantiles.EMPTY,
        Quantiles.EMPTY, skew, durationSkew);
  }

  private static MetricTotals totals(long tasks, long runTimeMs, long shuffleRead, long spill) {
    return new MetricTotals(
        tasks, 0, 0, runTimeMs, runTimeMs * 800_000L, runTimeMs / 40, tasks * 1000, tasks * MIB, 0, 0,
        shuffleRead / 1024, shuffleRead, shuffleRead / 1024, shuffleRead, spill, spill / 3, 512 * MIB, tasks * 2048);
  }
}
