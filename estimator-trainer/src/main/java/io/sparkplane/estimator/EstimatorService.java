package io.sparkplane.estimator;

import io.micrometer.core.instrument.MeterRegistry;
import io.sparkplane.estimator.internal.EstimatorMetrics;
import io.sparkplane.estimator.internal.FeatureSchema;
import io.sparkplane.estimator.internal.HeuristicPredictor;
import io.sparkplane.estimator.internal.ModelPredictor;
import io.sparkplane.estimator.internal.ModelRegistry;
import io.sparkplane.estimator.internal.Quantiles;
import io.sparkplane.estimator.internal.Recommender;
import io.sparkplane.estimator.internal.RuntimeModel;
import io.sparkplane.estimator.internal.ServingPointer;
import io.sparkplane.estimator.internal.ShadowRunner;
import io.sparkplane.estimator.internal.TrainingRun;
import io.sparkplane.estimator.internal.WorkloadHistory;
import io.sparkplane.estimator.internal.WorkloadStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving side of the estimator: answers estimates from the champion model, runs a challenger
 * in shadow on every request, judges both on runs as they finish, and promotes the challenger only
 * when its error is lower by {@code promotionMargin}. Keeps the serving pointer on disk, so a
 * restart serves the same model, and rollback walks back through earlier champions.
 *
 * <pre>{@code
 * EstimatorService service = new EstimatorService(settings, registry);
 * service.loadServing();
 * Estimate e = service.estimate(request);
 * }</pre>
 *
 * <p>Thread-safe: estimates read an immutable snapshot without locking; model changes are
 * serialised.
 */
public final class EstimatorService implements Estimator, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EstimatorService.class);
  /** Requests this many times outside the trained input-size range get the heuristic. */
  static final double OUT_OF_RANGE_FACTOR = 10;
  static final String HEURISTIC_VERSION = "heuristic";
  private static final int MAX_WORKLOADS = 100_000;
  /** Shadow answers waiting for the shadow thread; beyond this they are dropped and counted. */
  static final int SHADOW_QUEUE = 1_024;

  private final EstimatorSettings settings;
  private final EstimatorMetrics metrics;
  private final ModelRegistry registry;
  private final Recommender recommender;
  private final HeuristicPredictor heuristic = new HeuristicPredictor();
  private final ShadowRunner shadow;
  private volatile WorkloadHistory workloads = new WorkloadHistory(MAX_WORKLOADS);
  private volatile Serving serving = new Serving(null, null);

  // Shadow scores of the current challenger, guarded by this.
  private final List<Double> championErrors = new ArrayList<>();
  private final List<Double> challengerErrors = new ArrayList<>();

  private record Serving(@Nullable RuntimeModel champion, @Nullable RuntimeModel challenger) {}

  public EstimatorService(EstimatorSettings settings, MeterRegistry meterRegistry) {
    this.settings = settings;
    this.metrics = new EstimatorMetrics(meterRegistry);
    this.registry = new ModelRegistry(settings.modelDir(), settings.keepModels());
    this.recommender = new Recommender(settings);
    this.shadow = new ShadowRunner(SHADOW_QUEUE, metrics);
  }

  /**
   * Loads the model the serving pointer names. A refused file is logged and counted, and the
   * next-older model is tried; with none left the heuristic answers.
   */
  public synchronized void loadServing() {
    ServingPointer pointer = registry.pointer();
    List<String> candidates = new ArrayList<>();
    pointer.championVersion().ifPresent(candidates::add);
    candidates.addAll(pointer.previous());
    for (int i = 0; i < candidates.size(); i++) {
      Optional<RuntimeModel> model = tryLoad(candidates.get(i));
      if (model.isPresent()) {
        serving = new Serving(model.get(), null);
        if (i > 0) {
          registry.write(
              new ServingPointer(candidates.get(i), candidates.subList(i + 1, candidates.size())));
        }
        log.info("Estimator serving model {}", candidates.get(i));
        return;
      }
    }
    log.info("Estimator has no model yet: answering from the heuristic");
  }

  @Override
  public Estimate estimate(EstimateRequest request) {
    Serving now = serving;
    String key = WorkloadHistory.key(request.tenant(), request.workload());
    WorkloadStats stats = workloads.stats(key);
    RuntimeModel champion = now.champion();
    Estimate estimate;
    if (champion == null || !modelAnswers(champion, request, stats)) {
      estimate =
          recommender.recommend(
              heuristic, request.features(), stats, request.targetSla(), HEURISTIC_VERSION, true);
    } else {
      estimate =
          recommender.recommend(
              new ModelPredictor(champion, key),
              request.features(),
              stats,
              request.targetSla(),
              champion.version(),
              false);
    }
    metrics.estimated(estimate.heuristicFallback());
    RuntimeModel challenger = now.challenger();
    if (challenger != null && modelAnswers(challenger, request, stats)) {
      // The shadow answers too, off this thread, so its cost and failures show before it serves;
      // its answer is never returned. It is judged on the run's outcome in runFinished.
      shadow.submit(
          () -> {
            recommender.recommend(
                new ModelPredictor(challenger, key),
                request.features(),
                stats,
                request.targetSla(),
                challenger.version(),
                false);
            metrics.shadowEstimated();
          });
    }
    return estimate;
  }

  private boolean modelAnswers(RuntimeModel model, EstimateRequest request, WorkloadStats stats) {
    if (settings.newWorkloadFallback() && stats.count() == 0) {
      return false;
    }
    double logBytes = Math.log1p(request.features().totalBytes());
    double slack = Math.log(OUT_OF_RANGE_FACTOR);
    return logBytes >= model.info().minLogBytes() - slack
        && logBytes <= model.info().maxLogBytes() + slack;
  }

  /**
   * Scores the serving and shadow models on a run that finished, then adds it to the workload
   * history. Decides on the challenger once it has been judged on {@code minShadowRuns} runs.
   */
  public void runFinished(TrainingRun run) {
    Serving now = serving;
    String key = run.workloadKey();
    double[] row = new double[FeatureSchema.WIDTH + 1];
    FeatureSchema.fill(row, run.features(), run.executors(), run.executorCores(), workloads.stats(key));
    workloads.add(key, run.durationMs(), run.features().totalBytes(), run.peakTaskMemoryBytes());
    RuntimeModel champion = now.champion();
    if (champion == null) {
      return;
    }
    double championError = ape(champion, row, key, run.durationMs());
    metrics.predictionError(run.workload(), champion.version(), "serving", championError);
    RuntimeModel challenger = now.challenger();
    if (challenger == null) {
      return;
    }
    double challengerError = ape(challenger, row, key, run.durationMs());
    metrics.predictionError(run.workload(), challenger.version(), "shadow", challengerError);
    judge(champion, challenger, championError, challengerError);
  }

  private static double ape(RuntimeModel model, double[] row, String key, long actualMs) {
    return Math.abs(Math.exp(model.predictLogRuntime(row, key)) / actualMs - 1);
  }

  private synchronized void judge(
      RuntimeModel champion, RuntimeModel challenger, double championError, double challengerError) {
    Serving now = serving;
    if (now.champion() != champion || now.challenger() != challenger) {
      return; // the models changed while this run was scored
    }
    championErrors.add(championError);
    challengerErrors.add(challengerError);
    if (challengerErrors.size() < settings.minShadowRuns()) {
      return;
    }
    double championMdape = median(championErrors);
    double challengerMdape = median(challengerErrors);
    int runs = challengerErrors.size();
    if (challengerMdape <= championMdape * (1 - settings.promotionMargin())) {
      promote(challenger, "shadow");
      log.info(
          "Promoted estimator model {} over {}: runtime MdAPE {} vs {} on {} finished runs (margin {})",
          challenger.version(), champion.version(), pct(challengerMdape), pct(championMdape), runs,
          pct(settings.promotionMargin()));
    } else {
      serving = new Serving(champion, null);
      resetScores();
      metrics.rejected("not_better");
      log.info(
          "Rejected estimator challenger {}: runtime MdAPE {} vs serving {} {} on {} finished runs"
              + " (needs {} lower)",
          challenger.version(), pct(challengerMdape), champion.version(), pct(championMdape), runs,
          pct(settings.promotionMargin()));
    }
  }

  /**
   * Offers a trained model saved under {@code version}: it is loaded back from its file (so a bad
   * file never serves), then serves at once if nothing serves yet, else runs in shadow.
   *
   * @return the role it took: {@code serving} or {@code challenger}
   * @throws ModelLoadException if the file is refused; what serves does not change
   */
  public synchronized String offer(String version) {
    RuntimeModel model = load(version);
    if (serving.champion() == null) {
      promote(model, "bootstrap");
      log.info("Estimator model {} serves: no model served before", version);
      return "serving";
    }
    if (serving.challenger() != null) {
      metrics.rejected("superseded");
      log.info(
          "Estimator challenger {} superseded by {} before it was judged",
          serving.challenger().version(), version);
    }
    serving = new Serving(serving.champion(), model);
    resetScores();
    log.info("Estimator model {} runs in shadow of {}", version, serving.champion().version());
    return "challenger";
  }

  /**
   * Serves the model that served before the current one.
   *
   * @throws IllegalStateException if there is none
   * @throws ModelLoadException if its file is refused; what serves does not change
   */
  public synchronized ModelStatus rollback() {
    ServingPointer pointer = registry.pointer();
    if (pointer.previous().isEmpty()) {
      throw new IllegalStateException("no earlier model to roll back to");
    }
    String target = pointer.previous().get(0);
    RuntimeModel model = load(target);
    String from = serving.champion() == null ? "none" : serving.champion().version();
    serving = new Serving(model, serving.challenger());
    resetScores();
    registry.write(new ServingPointer(target, pointer.previous().subList(1, pointer.previous().size())));
    metrics.rolledBack();
    log.info("Estimator rolled back from model {} to {}", from, target);
    return status();
  }

  /**
   * Serves the challenger now, without waiting for the shadow comparison (an operator's call):
   * recorded like any promotion, with reason {@code operator}.
   *
   * @throws IllegalStateException if no challenger runs in shadow
   */
  public synchronized ModelStatus promote() {
    Serving now = serving;
    RuntimeModel challenger = now.challenger();
    if (challenger == null) {
      throw new IllegalStateException("no challenger in shadow to promote (train one first)");
    }
    String from = now.champion() == null ? "none" : now.champion().version();
    int judged = challengerErrors.size();
    promote(challenger, "operator");
    log.info(
        "Estimator model {} promoted over {} by an operator after {} of {} shadow runs",
        challenger.version(), from, judged, settings.minShadowRuns());
    return status();
  }

  public synchronized ModelStatus status() {
    Serving now = serving;
    return new ModelStatus(
        now.champion() == null ? null : now.champion().version(),
        now.challenger() == null ? null : now.challenger().version(),
        registry.pointer().previous(),
        challengerErrors.size(),
        championErrors.isEmpty() ? Double.NaN : median(championErrors),
        challengerErrors.isEmpty() ? Double.NaN : median(challengerErrors));
  }

  /** Replaces the per-workload history (training rebuilds it from the full run history). */
  public void replaceWorkloadHistory(WorkloadHistory history) {
    this.workloads = history;
  }

  /** Waits until queued shadow answers ran (tests and benchmarks). */
  public void awaitShadow(long timeoutMs) throws InterruptedException {
    shadow.awaitIdle(timeoutMs);
  }

  /** Stops the shadow thread. */
  @Override
  public void close() {
    shadow.close();
  }

  ModelRegistry registry() {
    return registry;
  }

  EstimatorMetrics metrics() {
    return metrics;
  }

  EstimatorSettings settings() {
    return settings;
  }

  private RuntimeModel load(String version) {
    try {
      return registry.load(version);
    } catch (ModelLoadException e) {
      metrics.loadFailed(e.reason().name().toLowerCase(java.util.Locale.ROOT));
      log.warn("Refused estimator model file {} ({}): {}", version, e.reason(), e.getMessage());
      throw e;
    }
  }

  private Optional<RuntimeModel> tryLoad(String version) {
    try {
      return Optional.of(load(version));
    } catch (ModelLoadException e) {
      return Optional.empty(); // logged and counted by load
    }
  }

  private void promote(RuntimeModel model, String reason) {
    ServingPointer pointer = registry.pointer();
    List<String> previous = new ArrayList<>();
    pointer.championVersion().ifPresent(previous::add);
    previous.addAll(pointer.previous());
    if (previous.size() > settings.keepModels() - 1) {
      previous = previous.subList(0, Math.max(0, settings.keepModels() - 1));
    }
    registry.write(new ServingPointer(model.version(), previous));
    serving = new Serving(model, null);
    resetScores();
    metrics.promoted(reason);
  }

  private void resetScores() {
    championErrors.clear();
    challengerErrors.clear();
  }

  private static double median(List<Double> values) {
    double[] a = new double[values.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = values.get(i);
    }
    return Quantiles.of(a, 0.5);
  }

  private static String pct(double ratio) {
    return String.format(java.util.Locale.ROOT, "%.1f%%", ratio * 100);
  }
}
