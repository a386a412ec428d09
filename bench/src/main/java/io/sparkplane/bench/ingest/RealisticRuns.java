package io.sparkplane.bench.ingest;

import io.sparkplane.wire.Heartbeat;
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
import io.sparkplane.wire.TelemetryEvent;
import io.sparkplane.wire.Timing;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Runs as a fleet's listeners send them: {@code RUN_STARTED}, a {@code HEARTBEAT} and {@code RUN_FINISHED} with a full
 * summary of {@code stages} stages (per-stage totals and task-duration and shuffle distributions),
 * spread over tenants and workloads. Deterministic for a seed.
 */
final class RealisticRuns {

  private static final ResourceConf RESOURCES =
      new ResourceConf("k8s://https://kubernetes", "4.0.1", 20, 4, 8192L, 1024L, 4096L, 400, true, true, true, false);
  private static final String[] STAGE_KINDS = {
    "scan parquet", "filter", "exchange hashpartitioning", "sort merge join", "hash aggregate",
    "broadcast exchange", "window", "write parquet"
  };

  private final String prefix;
  private final int stages;
  private final long epochMs;

  RealisticRuns(String prefix, int stages, long epochMs) {
    this.prefix = prefix;
    this.stages = stages;
    this.epochMs = epochMs;
  }

  /** Events per run: {@code RUN_STARTED}, one {@code HEARTBEAT}, {@code RUN_FINISHED}. */
  static final int EVENTS_PER_RUN = 3;

  /** The events of run number {@code n}, in the order its listener sends them. */
  List<TelemetryEvent> run(int n) {
    SplittableRandom random = new SplittableRandom(n * 7919L + 17);
    String tenant = "tenant-" + (n % 50);
    RunIdentity id =
        new RunIdentity(prefix + "-run-" + n, tenant, "eu-west-1", "workload-" + (n % 400), 1,
            "spark-" + Integer.toHexString(n), "nightly etl " + (n % 400), null);
    long submit = epochMs + n * 10L;
    long duration = 60_000 + random.nextLong(3_600_000);
    List<StageSummary> stageList = new ArrayList<>(stages);
    MetricTotals total = MetricTotals.ZERO;
    long t = submit + 2_000;
    for (int s = 0; s < stages; s++) {
      int tasks = 50 + random.nextInt(2_000);
      long stageMs = duration / stages;
      MetricTotals totals = totals(random, tasks, stageMs);
      total = add(total, totals);
      stageList.add(
          new StageSummary(s, 0, STAGE_KINDS[s % STAGE_KINDS.length] + " at Job.scala:" + (100 + s), tasks,
              "COMPLETE", t, t + stageMs, stageMs, null, totals, quantiles(random, stageMs / 10),
              quantiles(random, 64L << 20), quantiles(random, 1_000_000), quantiles(random, 128L << 20),
              quantiles(random, 2_000_000), 1 + random.nextDouble() * 4, 1 + random.nextDouble() * 3));
      t += stageMs;
    }
    RunStatus status = n % 20 == 0 ? RunStatus.FAILED : RunStatus.SUCCEEDED;
    RunSummary summary =
        new RunSummary(status, new Timing(submit, submit + 500, submit + duration, duration - 500, 300L), null,
            RESOURCES, total, new Progress(0, stages / 2, status == RunStatus.FAILED ? 1 : 0, 0, stages, 0,
                total.tasks(), total.failedTasks()),
            stageList, 0, MetricTotals.ZERO, List.of(), ListenerStats.NONE);
    return List.of(
        TelemetryEvent.started(id, submit + 500, new RunStarted(submit, RESOURCES)),
        TelemetryEvent.heartbeat(id, submit + duration / 2,
            new Heartbeat(new Progress(1, 1, 0, stages / 2, 0, 0, total.tasks() / 2, 0), 900L << 20, 4096L << 20)),
        TelemetryEvent.finished(id, submit + duration, summary));
  }

  private static MetricTotals totals(SplittableRandom r, long tasks, long stageMs) {
    long records = tasks * (1_000 + r.nextLong(100_000));
    return new MetricTotals(tasks, r.nextInt(3), 0, stageMs * 40, stageMs * 35_000_000L, stageMs / 20,
        records, records * 120, records / 2, records * 60, records / 3, records * 40, records / 3,
        records * 40, r.nextLong(1L << 30), r.nextLong(1L << 28), r.nextLong(1L << 32), tasks * 2_000);
  }

  private static MetricTotals add(MetricTotals a, MetricTotals b) {
    return new MetricTotals(a.tasks() + b.tasks(), a.failedTasks() + b.failedTasks(), a.killedTasks() + b.killedTasks(),
        a.executorRunTimeMs() + b.executorRunTimeMs(), a.executorCpuTimeNs() + b.executorCpuTimeNs(),
        a.jvmGcTimeMs() + b.jvmGcTimeMs(), a.inputRecords() + b.inputRecords(), a.inputBytes() + b.inputBytes(),
        a.outputRecords() + b.outputRecords(), a.outputBytes() + b.outputBytes(),
        a.shuffleReadRecords() + b.shuffleReadRecords(), a.shuffleReadBytes() + b.shuffleReadBytes(),
        a.shuffleWriteRecords() + b.shuffleWriteRecords(), a.shuffleWriteBytes() + b.shuffleWriteBytes(),
        a.memorySpillBytes() + b.memorySpillBytes(), a.diskSpillBytes() + b.diskSpillBytes(),
        Math.max(a.peakExecutionMemoryBytes(), b.peakExecutionMemoryBytes()), a.resultSizeBytes() + b.resultSizeBytes());
  }

  private static Quantiles quantiles(SplittableRandom r, long scale) {
    double p50 = scale * (0.5 + r.nextDouble());
    return new Quantiles(100 + r.nextInt(2_000), p50, p50 * 1.8, p50 * 3.5, p50 * (4 + r.nextDouble() * 20));
  }
}
