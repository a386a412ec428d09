package io.sparkplane.triage.detect;

import io.sparkplane.triage.Evidence;
import io.sparkplane.triage.Finding;
import io.sparkplane.triage.TriageClass;
import io.sparkplane.triage.TriageSettings;
import io.sparkplane.wire.Timing;
import java.util.List;

/**
 * Planning that dominates the run: the time from the first SQL execution's start to its first job
 * (optimizer, physical planning, driver-side code generation) is ≥ {@code triage.planning.minMs}
 * and ≥ {@code triage.planning.minShare} of planning time plus the run's duration.
 */
public final class PlanningDetector implements Detector {

  private final TriageSettings settings;

  public PlanningDetector(TriageSettings settings) {
    this.settings = settings;
  }

  @Override
  public List<Finding> detect(RunFacts run) {
    Timing timing = run.summary().map(s -> s.timing()).orElse(null);
    if (timing == null || timing.sqlPlanningTimeMs() == null || timing.durationMs() == null) {
      return List.of();
    }
    long planning = timing.sqlPlanningTimeMs();
    // A run scoped by local properties starts at its first job, after planning: compare planning
    // with planning plus the run so the share means the same for both kinds of run
    double share = (double) planning / Math.max(1, planning + timing.durationMs());
    if (planning < settings.planningMinMs() || share < settings.planningMinShare()) {
      return List.of();
    }
    return List.of(
        new Finding(
            TriageClass.PLANNING_BOTTLENECK,
            Math.min(0.95, 0.75 + 0.2 * Math.min(1, share - settings.planningMinShare())),
            String.format("Planning took %.1f s before the first job (%.0f%% of planning + run), the jobs %.1f s",
                planning / 1000.0, share * 100, timing.durationMs() / 1000.0),
            List.of(
                Evidence.metric("timing.sqlPlanningTimeMs", planning, (double) settings.planningMinMs(), null),
                Evidence.metric("planningShareOfRun", share, settings.planningMinShare(), null))));
  }
}
