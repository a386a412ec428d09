package io.sparkplane.triage.retry;

import io.sparkplane.collector.store.RunQuery;
import io.sparkplane.collector.store.RunStore;
import io.sparkplane.collector.store.StoredRun;
import io.sparkplane.wire.RunStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Predicts a retry's runtime from the workload's recent successful runs: the 90th percentile
 * (nearest rank) of the last {@code retry.prediction.historyRuns} durations, so that a retry is only
 * started when a slow-but-normal run would still make the deadline. Without history, the failed
 * run's own duration stands in (an underestimate when the run failed early; source {@code
 * failed_run}).
 */
public final class HistoryRuntimePredictor implements RuntimePredictor {

  static final double QUANTILE = 0.9;

  private final RunStore store;
  private final int historyRuns;

  public HistoryRuntimePredictor(RunStore store, int historyRuns) {
    this.store = store;
    this.historyRuns = historyRuns;
  }

  @Override
  public Optional<Prediction> predict(StoredRun failedRun, RetryPlan plan) {
    List<Long> durations = new ArrayList<>();
    if (failedRun.identity().workload() != null) {
      RunQuery query = RunQuery.builder()
          .tenant(failedRun.tenant())
          .workload(failedRun.identity().workload())
          .status(RunStatus.SUCCEEDED)
          .limit(historyRuns)
          .build();
      for (StoredRun run : store.listRuns(query).runs()) {
        duration(run).ifPresent(durations::add);
      }
    }
    if (!durations.isEmpty()) {
      durations.sort(null);
      int rank = (int) Math.ceil(QUANTILE * durations.size()) - 1;
      return Optional.of(new Prediction(Duration.ofMillis(durations.get(rank)), "history:" + durations.size()));
    }
    return duration(failedRun).map(ms -> new Prediction(Duration.ofMillis(ms), "failed_run"));
  }

  static Optional<Long> duration(StoredRun run) {
    if (run.summary() != null && run.summary().timing() != null && run.summary().timing().durationMs() != null) {
      return Optional.of(run.summary().timing().durationMs());
    }
    if (run.endTimeMs() != null) {
      long start = run.startTimeMs() != null ? run.startTimeMs() : run.submitTimeMs();
      return Optional.of(Math.max(0, run.endTimeMs() - start));
    }
    return Optional.empty();
  }
}
