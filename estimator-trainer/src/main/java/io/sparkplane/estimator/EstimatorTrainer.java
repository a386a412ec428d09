package io.sparkplane.estimator;

import io.sparkplane.estimator.internal.FeatureTable;
import io.sparkplane.estimator.internal.HistoryReader;
import io.sparkplane.estimator.internal.ModelTrainer;
import io.sparkplane.estimator.internal.RuntimeModel;
import io.sparkplane.estimator.internal.TrainingHistory;
import io.sparkplane.estimator.internal.TrainingRun;
import io.sparkplane.estimator.internal.WorkloadHistory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training: read the runs the store gained since the last one, fit a model on the history,
 * save it as a new versioned file and offer it to the {@link EstimatorService} (serving at once if
 * nothing serves, else in shadow). Called by the Quartz schedule and by {@code bin/sparkplane
 * train}; one training at a time.
 */
public final class EstimatorTrainer {

  private static final Logger log = LoggerFactory.getLogger(EstimatorTrainer.class);

  private final EstimatorService service;
  private final HistoryReader reader;
  private final TrainingHistory history;
  private final ModelTrainer trainer;
  private final Clock clock;
  private final ReentrantLock running = new ReentrantLock();

  public EstimatorTrainer(
      EstimatorService service, HistoryReader reader, TrainingHistory history, Clock clock) {
    this.service = service;
    this.reader = reader;
    this.history = history;
    this.trainer = new ModelTrainer(service.settings());
    this.clock = clock;
  }

  /** Trains now unless a training is already running (then reports {@code skipped}). */
  public TrainingReport train() {
    if (!running.tryLock()) {
      return new TrainingReport(
          "skipped", null, "none", history.size(), 0, Duration.ZERO, Double.NaN,
          "a training is already running");
    }
    long started = System.nanoTime();
    try {
      return trainLocked(started);
    } catch (RuntimeException e) {
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      service.metrics().trained(took, "failed");
      log.error("Estimator training failed after {} ms", took.toMillis(), e);
      return new TrainingReport(
          "failed", null, "none", history.size(), 0, took, Double.NaN, "training failed: " + e);
    } finally {
      running.unlock();
    }
  }

  private TrainingReport trainLocked(long started) {
    int newRuns = reader.catchUp();
    List<TrainingRun> runs = history.sortedSnapshot();
    service.replaceWorkloadHistory(workloadHistory(runs));
    int min = service.settings().minTrainingRuns();
    if (runs.size() < min) {
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      service.metrics().trained(took, "skipped");
      String message = "only " + runs.size() + " finished runs, " + min + " needed to train";
      log.info("Estimator training skipped: {}", message);
      return new TrainingReport("skipped", null, "none", runs.size(), newRuns, took, Double.NaN, message);
    }
    String version = service.registry().nextVersion();
    RuntimeModel model = trainer.fit(FeatureTable.of(runs), version, clock.millis());
    service.registry().save(model);
    String role = service.offer(version);
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    service.metrics().trained(took, "trained");
    String message =
        String.format(
            java.util.Locale.ROOT,
            "model %s trained on %d runs (%d new) in %.1f s, calibration MdAPE %.1f%%, now %s",
            version, model.info().trainingRuns(), newRuns, took.toMillis() / 1000.0,
            model.info().calibrationMdape() * 100, role);
    log.info("Estimator {}", message);
    return new TrainingReport(
        "trained", version, role, runs.size(), newRuns, took, model.info().calibrationMdape(), message);
  }

  private static WorkloadHistory workloadHistory(List<TrainingRun> runs) {
    WorkloadHistory workloads = new WorkloadHistory(100_000);
    for (TrainingRun run : runs) {
      workloads.add(
          run.workloadKey(), run.durationMs(), run.features().totalBytes(), run.peakTaskMemoryBytes());
    }
    return workloads;
  }
}
