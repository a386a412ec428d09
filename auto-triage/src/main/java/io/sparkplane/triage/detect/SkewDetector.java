package io.sparkplane.triage.detect;

import io.sparkplane.triage.Evidence;
import io.sparkplane.triage.Finding;
import io.sparkplane.triage.TriageClass;
import io.sparkplane.triage.TriageSettings;
import io.sparkplane.wire.Quantiles;
import io.sparkplane.wire.StageSummary;
import java.util.ArrayList;
import java.util.List;

/**
 * Data skew: a stage that waits on one task. Two rules, either suffices:
 *
 * <ul>
 *   <li>straggler: task-time or records max/median ≥ {@code triage.skew.minRatio} and the stage
 *       waited on the slowest task: it took ≥ {@code triage.skew.minStragglerShare} of the stage, or
 *       it ran longer than all the stage's other tasks together (then no spreading of those over
 *       any number of cores could have hidden it; unlike the share, this does not move with the
 *       scheduling delay a busy cluster adds to the stage's wall time);
 *   <li>AQE's own rule: a shuffle partition read > {@code triage.skew.aqeFactor} × the median and >
 *       {@code triage.skew.aqeMinPartitionBytes}.
 * </ul>
 *
 * Stages shorter than {@code triage.skew.minStageDurationMs} or with fewer than {@value #MIN_TASKS}
 * measured tasks are ignored. The worst stage is reported.
 */
public final class SkewDetector implements Detector {

  /** Fewer successful tasks than this have no meaningful median. */
  public static final int MIN_TASKS = 4;

  private final TriageSettings settings;

  public SkewDetector(TriageSettings settings) {
    this.settings = settings;
  }

  @Override
  public List<Finding> detect(RunFacts run) {
    Finding worst = null;
    double worstScore = 0;
    for (StageSummary stage : run.stages()) {
      Finding f = stragglerRule(stage);
      if (f == null) {
        f = aqeRule(stage);
      }
      if (f != null) {
        double score = f.confidence() * stage.durationMs();
        if (worst == null || score > worstScore) {
          worst = f;
          worstScore = score;
        }
      }
    }
    return worst == null ? List.of() : List.of(worst);
  }

  private Finding stragglerRule(StageSummary stage) {
    Quantiles time = stage.taskDurationMs();
    if (stage.durationMs() < settings.skewMinStageDurationMs() || time.count() < MIN_TASKS) {
      return null;
    }
    double ratio = Math.max(stage.skewRatio(), stage.durationSkewRatio());
    double share = time.max() / stage.durationMs();
    boolean holdsStage = share >= settings.skewMinStragglerShare();
    double othersMs = Math.max(0, stage.totals().executorRunTimeMs() - time.max());
    if (ratio < settings.skewMinRatio() || !(holdsStage || time.max() > othersMs)) {
      return null;
    }
    List<Evidence> evidence = new ArrayList<>();
    evidence.add(Evidence.metric("durationSkewRatio", stage.durationSkewRatio(), settings.skewMinRatio(), stage.stageId()));
    evidence.add(Evidence.metric("skewRatio", stage.skewRatio(), settings.skewMinRatio(), stage.stageId()));
    evidence.add(Evidence.metric("slowestTaskShareOfStage", share, settings.skewMinStragglerShare(), stage.stageId()));
    if (!holdsStage) {
      evidence.add(Evidence.metric("otherTasksRunTimeMs", othersMs, time.max(), stage.stageId()));
    }
    evidence.add(Evidence.metric("taskDurationMs.max", time.max(), null, stage.stageId()));
    evidence.add(Evidence.metric("taskDurationMs.p50", time.p50(), null, stage.stageId()));
    evidence.add(Evidence.metric("stage.durationMs", stage.durationMs(), null, stage.stageId()));
    if (stage.shuffleReadBytes().count() > 0) {
      evidence.add(Evidence.metric("shuffleReadBytes.max", stage.shuffleReadBytes().max(), null, stage.stageId()));
    }
    double confidence = 0.7 + 0.25 * Math.min(1, (ratio / settings.skewMinRatio() - 1) / 2);
    String summary =
        String.format(
            "Data skew in stage %d (%s): slowest task %.1f s vs median %.2f s, records max/median %.1f×, %.0f%% of the stage's %.1f s%s",
            stage.stageId(), shortName(stage), time.max() / 1000, time.p50() / 1000, stage.skewRatio(), share * 100,
            stage.durationMs() / 1000.0,
            holdsStage ? "" : String.format(", longer than all its other tasks together (%.1f s)", othersMs / 1000));
    return new Finding(TriageClass.DATA_SKEW, confidence, summary, evidence);
  }

  private Finding aqeRule(StageSummary stage) {
    Quantiles bytes = stage.shuffleReadBytes();
    if (bytes.count() < MIN_TASKS || stage.durationMs() < settings.skewMinStageDurationMs()) {
      return null;
    }
    if (bytes.max() <= settings.skewAqeFactor() * bytes.p50() || bytes.max() <= settings.skewAqeMinPartitionBytes()) {
      return null;
    }
    double ratio = bytes.maxToMedian();
    List<Evidence> evidence =
        List.of(
            Evidence.metric("shuffleReadBytes.maxToMedian", ratio, settings.skewAqeFactor(), stage.stageId()),
            Evidence.metric("shuffleReadBytes.max", bytes.max(), (double) settings.skewAqeMinPartitionBytes(), stage.stageId()),
            Evidence.metric("shuffleReadBytes.p50", bytes.p50(), null, stage.stageId()));
    String summary =
        String.format(
            "Data skew in stage %d (%s): largest shuffle partition %d MiB, %.1f× the median (AQE's skew rule)",
            stage.stageId(), shortName(stage), (long) bytes.max() >> 20, ratio);
    return new Finding(TriageClass.DATA_SKEW, 0.85, summary, evidence);
  }

  static String shortName(StageSummary stage) {
    String name = stage.name() == null ? "" : stage.name();
    return name.length() <= 40 ? name : name.substring(0, 40);
  }
}
