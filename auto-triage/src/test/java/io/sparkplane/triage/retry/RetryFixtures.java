package io.sparkplane.triage.retry;

import io.sparkplane.collector.store.StoredRun;
import io.sparkplane.triage.Evidence;
import io.sparkplane.triage.Fingerprint;
import io.sparkplane.triage.RemedyCatalog;
import io.sparkplane.triage.TriageClass;
import io.sparkplane.triage.Trigger;
import io.sparkplane.triage.Verdict;
import io.sparkplane.wire.Failure;
import io.sparkplane.wire.JoinSummary;
import io.sparkplane.wire.MetricTotals;
import io.sparkplane.wire.Quantiles;
import io.sparkplane.wire.ResourceConf;
import io.sparkplane.wire.RunIdentity;
import io.sparkplane.wire.RunStatus;
import io.sparkplane.wire.RunSummary;
import io.sparkplane.wire.StageSummary;
import io.sparkplane.wire.Timing;
import java.util.List;

/** Runs and verdicts shaped like the listener's and the classifier's, for the retry tests. */
final class RetryFixtures {

  static final long START = 1_760_000_000_000L;
  static final long DURATION = 40_000;
  static final long HOT_BYTES = 300L << 20;

  static final Quantiles EVEN = new Quantiles(8, 1000, 1100, 1200, 1200);
  static final Quantiles SKEWED = new Quantiles(8, 500, 900, 9000, 9000);

  private RetryFixtures() {}

  static MetricTotals totals(long shuffleWriteRecords) {
    return new MetricTotals(8, 0, 0, 1000, 0, 0, 0, 0, 0, 0, 0, 0, shuffleWriteRecords, 0, 0, 0, 0, 0);
  }

  static StoredRun run(String runId, int attempt, Long deadline, RunStatus status, ResourceConf resources) {
    return run(runId, attempt, deadline, status, resources, START);
  }

  /** A run that starts at {@code start} and lasts {@link #DURATION}. */
  static StoredRun run(String runId, int attempt, Long deadline, RunStatus status, ResourceConf resources, long start) {
    RunIdentity id = new RunIdentity(runId, "acme", "eu", "segments", attempt, "app-1", "engine", deadline);
    StageSummary left = stage(1, "scan orders", totals(3_000_000), Quantiles.EMPTY, EVEN);
    StageSummary right = stage(2, "scan profiles", totals(40_000), Quantiles.EMPTY, EVEN);
    StageSummary join = stage(3, "join", totals(0), new Quantiles(8, 10L << 20, 20L << 20, HOT_BYTES, HOT_BYTES), SKEWED);
    List<JoinSummary> joins = List.of(new JoinSummary(1, "SortMergeJoin",
        "SortMergeJoin [customer_id#12L], [customer_id#40L], Inner", 120_000_000, 3, 3_040_000, 39.5));
    Failure failure = status == RunStatus.FAILED
        ? new Failure("org.apache.spark.SparkException", "Job aborted", List.of(), 2, 3, List.of(), List.of(), 0) : null;
    RunSummary summary = new RunSummary(status, new Timing(start, start, start + DURATION, DURATION, 10L), failure,
        resources, totals(0), new io.sparkplane.wire.Progress(0, 2, 1, 0, 3, 0, 24, 0), List.of(left, right, join), 0, totals(0),
        joins, new io.sparkplane.wire.ListenerStats(100, 0, 0));
    return new StoredRun(id, status, start, start, start + DURATION, null, null, summary, resources, 3);
  }

  static StoredRun failedRun(String runId, int attempt, Long deadline) {
    return run(runId, attempt, deadline, RunStatus.FAILED, resources(4096L, 4, null));
  }

  static ResourceConf resources(Long executorMemoryMb, Integer cores, Long overheadMb) {
    return new ResourceConf("yarn", "4.0.1", 10, cores, executorMemoryMb, overheadMb, 2048L, 400, true, true, true, false);
  }

  private static StageSummary stage(int id, String name, MetricTotals totals, Quantiles shuffleRead, Quantiles taskMs) {
    return new StageSummary(id, 0, name, 8, "COMPLETE", START, START + 10_000, 10_000, null, totals,
        taskMs, shuffleRead, Quantiles.EMPTY, Quantiles.EMPTY, Quantiles.EMPTY, 1, taskMs.maxToMedian());
  }

  static Verdict verdict(StoredRun run, TriageClass c) {
    List<Evidence> evidence = c == TriageClass.CARTESIAN_EXPLOSION
        ? List.of(Evidence.metric("joins.outputRows", 120_000_000, 1e7, 3))
        : List.of(Evidence.metric("durationSkewRatio", 18, 4.0, 3));
    return new Verdict(Verdict.VERSION, run.runId(), run.tenant(), run.identity().workload(), run.status(),
        run.status() == RunStatus.FAILED ? Trigger.FAILED : Trigger.SLA_BREACH, c, 0.9, c + ": stage 3 of run " + run.runId(),
        Fingerprint.of(c, run.identity()), evidence, List.of(), RemedyCatalog.forClass(c), START + DURATION);
  }
}
