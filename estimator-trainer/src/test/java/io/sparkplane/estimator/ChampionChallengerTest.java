package io.sparkplane.estimator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sparkplane.estimator.internal.ModelRegistry;
import io.sparkplane.estimator.internal.ModelTrainer;
import io.sparkplane.estimator.internal.RuntimeModel;
import io.sparkplane.estimator.internal.TrainingRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Champion and challenger")
class ChampionChallengerTest {

  private static List<TrainingRun> history;
  private static List<TrainingRun> live;
  private static RuntimeModel good;
  private static RuntimeModel better;
  private static RuntimeModel worse;

  @TempDir Path dir;
  private MeterRegistry meters;
  private EstimatorSettings settings;
  private EstimatorService service;

  @BeforeAll
  static void trainModels() {
    List<TrainingRun> runs = SyntheticRuns.training(SyntheticRuns.fleet(11, 3_300));
    history = runs.subList(0, 3_000);
    live = runs.subList(3_000, 3_300);
    smile.math.MathEx.setSeed(17); // Smile's row subsampling: the same models every run
    EstimatorSettings small = EstimatorSettings.builder().trees(60).build();
    // "good": a few shallow trees on little history; "better": 150 trees on all of it.
    good =
        new ModelTrainer(EstimatorSettings.builder().trees(8).maxDepth(2).maxNodes(4).build())
            .fit(history.subList(2_700, 3_000), "tmp", 0);
    better = new ModelTrainer(EstimatorSettings.builder().trees(150).build()).fit(history, "tmp", 0);
    // "worse": the same inputs with runtimes shuffled between runs.
    List<Long> durations = new ArrayList<>(history.stream().map(TrainingRun::durationMs).toList());
    Collections.shuffle(durations, new Random(5));
    List<TrainingRun> scrambled = new ArrayList<>();
    for (int i = 0; i < history.size(); i++) {
      TrainingRun r = history.get(i);
      scrambled.add(
          new TrainingRun(r.tenant(), r.workload(), r.runId(), r.submitTimeMs(), r.features(),
              r.executors(), r.executorCores(), durations.get(i), r.peakTaskMemoryBytes(), true));
    }
    worse = new ModelTrainer(small).fit(scrambled, "tmp", 0);
  }

  @BeforeEach
  void newService() {
    meters = new SimpleMeterRegistry();
    settings =
        EstimatorSettings.builder().modelDir(dir).minShadowRuns(40).promotionMargin(0.05).build();
    service = new EstimatorService(settings, meters);
    service.loadServing();
    history.forEach(service::runFinished); // builds workload history; no model serves yet
  }

  private String save(RuntimeModel model) {
    ModelRegistry registry = new ModelRegistry(dir, 10);
    String version = registry.nextVersion();
    registry.save(model.withVersion(version));
    return version;
  }

  private void finishLiveRuns(int count) {
    live.subList(0, count).forEach(service::runFinished);
  }

  private double count(String name, String tag, String value) {
    var counter = meters.find(name).tag(tag, value).counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  @DisplayName("serves the first model at once, then keeps a worse challenger out and discards it")
  void worseChallengerRejected() {
    String v1 = save(good);
    assertThat(service.offer(v1)).isEqualTo("serving");
    String v2 = save(worse);
    assertThat(service.offer(v2)).isEqualTo("challenger");

    finishLiveRuns(39);
    assertThat(service.status().challenger()).isEqualTo(v2);
    finishLiveRuns(40);

    ModelStatus status = service.status();
    assertThat(status.serving()).isEqualTo(v1);
    assertThat(status.challenger()).isNull();
    assertThat(count("sparkplane.estimator.rejections", "reason", "not_better")).isEqualTo(1);
    assertThat(count("sparkplane.estimator.promotions", "reason", "shadow")).isZero();
    assertThat(meters.find(io.sparkplane.estimator.internal.EstimatorMetrics.PREDICTION_ERROR)
            .tag("model_version", v2).tag("role", "shadow").summaries())
        .isNotEmpty();
  }

  @Test
  @DisplayName("promotes a challenger whose error on finished runs is lower by the margin, and rolls back in one call")
  void betterChallengerPromotedThenRolledBack() throws Exception {
    String v1 = save(good);
    service.offer(v1);
    String v2 = save(better);
    service.offer(v2);
    EstimateRequest request = requestFor(live.get(0));
    Estimate before = service.estimate(request);
    assertThat(before.modelVersion()).as("the shadow does not answer").isEqualTo(v1);
    service.awaitShadow(5_000);
    assertThat(meters.find("sparkplane.estimator.shadow.estimates").counter().count()).isEqualTo(1);

    finishLiveRuns(40);

    assertThat(service.status().serving()).isEqualTo(v2);
    assertThat(service.status().previous()).containsExactly(v1);
    assertThat(count("sparkplane.estimator.promotions", "reason", "shadow")).isEqualTo(1);
    assertThat(service.estimate(request).modelVersion()).isEqualTo(v2);

    ModelStatus rolledBack = service.rollback();
    assertThat(rolledBack.serving()).isEqualTo(v1);
    assertThat(service.estimate(request).modelVersion()).isEqualTo(v1);
    assertThat(meters.find("sparkplane.estimator.rollbacks").counter().count()).isEqualTo(1);
    assertThatThrownBy(service::rollback).isInstanceOf(IllegalStateException.class);

    // A restart serves what the pointer says.
    EstimatorService restarted = new EstimatorService(settings, new SimpleMeterRegistry());
    restarted.loadServing();
    assertThat(restarted.status().serving()).isEqualTo(v1);
  }

  @Test
  @DisplayName("refuses a corrupt model file and keeps serving the model it had")
  void corruptFileRefused() throws Exception {
    String v1 = save(good);
    service.offer(v1);
    String v2 = save(better);
    Path file = new ModelRegistry(dir, 10).fileOf(v2);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(file, bytes);

    assertThatThrownBy(() -> service.offer(v2))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("SHA-256");
    assertThat(service.status().serving()).isEqualTo(v1);
    assertThat(service.status().challenger()).isNull();
    assertThat(count("sparkplane.estimator.model.load.failures", "reason", "corrupt")).isEqualTo(1);
    assertThat(service.estimate(requestFor(live.get(0))).modelVersion()).isEqualTo(v1);
  }

  @Test
  @DisplayName("at start-up, skips a serving model whose file went bad and serves the one before it")
  void startupFallsBackPastCorruptFile() throws Exception {
    String v1 = save(good);
    service.offer(v1);
    String v2 = save(better);
    service.offer(v2);
    finishLiveRuns(40);
    assertThat(service.status().serving()).isEqualTo(v2);
    Files.write(new ModelRegistry(dir, 10).fileOf(v2), new byte[] {1, 2, 3});

    MeterRegistry restartMeters = new SimpleMeterRegistry();
    EstimatorService restarted = new EstimatorService(settings, restartMeters);
    restarted.loadServing();
    assertThat(restarted.status().serving()).isEqualTo(v1);
    assertThat(restartMeters.find("sparkplane.estimator.model.load.failures").tag("reason", "corrupt").counter().count())
        .isEqualTo(1);
  }

  @Test
  @DisplayName("answers from the heuristic, flagged, when no model serves or the workload is new")
  void heuristicFallback() {
    EstimateRequest request = requestFor(live.get(0));
    Estimate none = service.estimate(request);
    assertThat(none.heuristicFallback()).isTrue();
    assertThat(none.modelVersion()).isEqualTo("heuristic");
    service.offer(save(good));
    assertThat(service.estimate(request).heuristicFallback()).isFalse();
    EstimateRequest newWorkload =
        new EstimateRequest("acme", "never-seen", null, request.features(), null);
    assertThat(service.estimate(newWorkload).heuristicFallback()).isTrue();
  }

  private static EstimateRequest requestFor(TrainingRun run) {
    return new EstimateRequest(run.tenant(), run.workload(), run.runId(), run.features(), null);
  }
}
