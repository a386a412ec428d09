package io.sparkplane.estimator.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sparkplane.collector.CollectorConfig;
import io.sparkplane.collector.CollectorServer;
import io.sparkplane.estimator.EstimatorExtension;
import io.sparkplane.estimator.EstimatorSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The retraining schedule")
class RetrainSchedulerTest {

  @TempDir Path dir;

  @Test
  @DisplayName("fires the training on its cron, one at a time, and survives a failing training")
  void firesOnCron() throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    CountDownLatch three = new CountDownLatch(3);
    Runnable training =
        () -> {
          if (running.incrementAndGet() > 1) {
            overlaps.incrementAndGet();
          }
          try {
            Thread.sleep(1_200); // longer than the period: firings must not overlap
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } finally {
            running.decrementAndGet();
            three.countDown();
          }
          throw new IllegalStateException("training failed on purpose");
        };
    try (RetrainScheduler scheduler =
        RetrainScheduler.start(
            "* * * * * ?",
            Map.of("org.quartz.scheduler.instanceName", "test-fires-on-cron"),
            training)) {
      assertThat(three.await(15, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(overlaps).hasValue(0);
  }

  @Test
  @DisplayName("runs at once when triggered by hand, and not before its cron otherwise")
  void manualTrigger() throws Exception {
    CountDownLatch fired = new CountDownLatch(1);
    try (RetrainScheduler scheduler =
        RetrainScheduler.start(
            "0 0 0 1 1 ? 2099",
            Map.of("org.quartz.scheduler.instanceName", "test-manual"),
            fired::countDown)) {
      assertThat(fired.await(1, TimeUnit.SECONDS)).isFalse();
      scheduler.triggerNow();
      assertThat(fired.await(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  @DisplayName("refuses an invalid cron expression naming the setting")
  void invalidCron() {
    assertThatThrownBy(() -> RetrainScheduler.start("every hour", Map.of(), () -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retrainCron");
  }

  @Test
  @DisplayName("in the collector, trains on its schedule: with too little history each firing is counted as skipped")
  void extensionTrainsOnSchedule() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    EstimatorExtension estimator =
        new EstimatorExtension(
            EstimatorSettings.builder()
                .modelDir(dir.resolve("models"))
                .retrainCron("* * * * * ?")
                .quartzProperties(Map.of("org.quartz.scheduler.instanceName", "test-extension"))
                .build());
    try (CollectorServer server =
        CollectorServer.builder(CollectorConfig.defaults().withPort(0).withDataDir(dir))
            .meterRegistry(registry)
            .extension(estimator)
            .build()) {
      server.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      double skipped = 0;
      while (skipped < 2 && System.nanoTime() < deadline) {
        Thread.sleep(100);
        var counter = registry.find("sparkplane.estimator.trainings").tag("outcome", "skipped").counter();
        skipped = counter == null ? 0 : counter.count();
      }
      assertThat(skipped).isGreaterThanOrEqualTo(2);
      assertThat(registry.scrape()).contains("sparkplane_estimator_training_duration_seconds_count");
    }
    assertThat(estimator.scheduler()).isEmpty();
  }
}
