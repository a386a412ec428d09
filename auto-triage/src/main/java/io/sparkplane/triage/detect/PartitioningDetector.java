package io.sparkplane.triage.detect;

import io.sparkplane.triage.Evidence;
import io.sparkplane.triage.Finding;
import io.sparkplane.triage.TriageClass;
import io.sparkplane.triage.TriageSettings;
import io.sparkplane.wire.MetricTotals;
import io.sparkplane.wire.StageSummary;
import java.util.List;
import java.util.Optional;

/**
 * Partitioning that wastes the cluster, in either direction:
 *
 * <ul>
 *   <li>a tiny-task storm: ≥ {@code triage.partitioning.stormMinTasks} tasks with a median under
 *       {@code triage.partitioning.stormMaxMedianTaskMs}, so scheduling overhead dominates;
 *   <li>a few huge tasks: fewer tasks than the run has cores in a stage that took at least {@code
 *       triage.partitioning.fewTasksMinShareOfRun} of the run and handled ≥ {@code
 *       triage.partitioning.fewTasksMinRecords} records, or a median task reading ≥ {@code
 *       triage.partitioning.hugeTaskMinBytes}.
 * </ul>
 *
 * Stages shorter than {@code triage.partitioning.minStageDurationMs} are ignored.
 */
public final class PartitioningDetector implements Detector {

  private final TriageSettings settings;

  public PartitioningDetector(TriageSettings settings) {
    this.settings = settings;
  }

  @Override
  public List<Finding> detect(RunFacts run) {
    long runMs = run.summary().map(s -> s.timing().durationMs()).filter(d -> d != null).orElse(0L);
    Optional<Integer> cores = run.cores();
    Finding best = null;
    for (StageSummary stage : run.stages()) {
      if (stage.durationMs() < settings.partitioningMinStageDurationMs()) {
        continue;
      }
      Finding f = storm(stage);
      if (f == null) {
        f = fewHugeTasks(stage, cores, runMs);
      }
      if (f != null && (best == null || f.confidence() > best.confidence())) {
        best = f;
      }
    }
    return best == null ? List.of() : List.of(best);
  }

  private Finding storm(StageSummary stage) {
    double median = stage.taskDurationMs().p50();
    if (stage.numTasks() < settings.stormMinTasks() || median >= settings.stormMaxMedianTaskMs()) {
      return null;
    }
    return new Finding(
        TriageClass.SUBOPTIMAL_PARTITIONING,
        0.82,
        String.format("Tiny-task storm in stage %d (%s): %d tasks with a median of %.0f ms over %.1f s",
            stage.stageId(), SkewDetector.shortName(stage), stage.numTasks(), median, stage.durationMs() / 1000.0),
        List.of(
            Evidence.metric("stage.numTasks", stage.numTasks(), (double) settings.stormMinTasks(), stage.stageId()),
            Evidence.metric("taskDurationMs.p50", median, (double) settings.stormMaxMedianTaskMs(), stage.stageId()),
            Evidence.metric("stage.durationMs", stage.durationMs(), (double) settings.partitioningMinStageDurationMs(), stage.stageId())));
  }

  private Finding fewHugeTasks(StageSummary stage, Optional<Integer> cores, long runMs) {
    double bytesPerTask = Math.max(stage.inputBytes().p50(), stage.shuffleReadBytes().p50());
    if (bytesPerTask >= settings.hugeTaskMinBytes()) {
      return new Finding(
          TriageClass.SUBOPTIMAL_PARTITIONING,
          0.8,
          String.format("Huge tasks in stage %d (%s): median task reads %d MiB", stage.stageId(),
              SkewDetector.shortName(stage), (long) bytesPerTask >> 20),
          List.of(Evidence.metric("bytesReadPerTask.p50", bytesPerTask, (double) settings.hugeTaskMinBytes(), stage.stageId())));
    }
    if (cores.isEmpty() || stage.numTasks() >= cores.get() || runMs <= 0) {
      return null;
    }
    MetricTotals t = stage.totals();
    long records = Math.max(Math.max(t.inputRecords(), t.shuffleReadRecords()), Math.max(t.shuffleWriteRecords(), t.outputRecords()));
    if (records < settings.fewTasksMinRecords()) {
      return null; // too little data to be worth splitting: the time went elsewhere
    }
    double share = (double) stage.durationMs() / runMs;
    if (share < settings.fewTasksMinShareOfRun()) {
      return null;
    }
    return new Finding(
        TriageClass.SUBOPTIMAL_PARTITIONING,
        0.78,
        String.format("Too few tasks in stage %d (%s): %d task(s) for %d cores processed %s records in %.1f s, %.0f%% of the run",
            stage.stageId(), SkewDetector.shortName(stage), stage.numTasks(), cores.get(), CartesianDetector.human(records),
            stage.durationMs() / 1000.0, share * 100),
        List.of(
            Evidence.metric("stage.numTasks", stage.numTasks(), (double) cores.get(), stage.stageId()),
            Evidence.metric("stage.shareOfRun", share, settings.fewTasksMinShareOfRun(), stage.stageId()),
            Evidence.metric("stage.records", records, (double) settings.fewTasksMinRecords(), stage.stageId()),
            Evidence.metric("stage.durationMs", stage.durationMs(), (double) settings.partitioningMinStageDurationMs(), stage.stageId())));
  }
}
