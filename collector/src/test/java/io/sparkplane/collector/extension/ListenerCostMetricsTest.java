package io.sparkplane.collector.extension;

import static io.sparkplane.collector.TestEvents.finished;
import static io.sparkplane.collector.TestEvents.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.DistributionSummary;
import io.sparkplane.collector.CollectorConfig;
import io.sparkplane.collector.CollectorServer;
import io.sparkplane.collector.store.h2.H2RunStore;
import io.sparkplane.wire.ListenerCost;
import io.sparkplane.wire.RunStatus;
import io.sparkplane.wire.RunSummary;
import io.sparkplane.wire.TelemetryEvent;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Listener cost metrics")
class ListenerCostMetricsTest {

  @TempDir Path dataDir;

  @Test
  @DisplayName("record each finished run's listener cost per region")
  void recordsCostOfFinishedRuns() throws Exception {
    ListenerCostMetrics metrics = new ListenerCostMetrics();
    try (H2RunStore store = H2RunStore.open(dataDir, Clock.systemUTC());
        CollectorServer server =
            CollectorServer.builder(CollectorConfig.defaults().withPort(0).withDataDir(dataDir))
                .store(store)
                .extension(metrics)
                .build()) {
      server.start();
      TelemetryEvent plain = finished(run("acme", "run-1"), 1_000, RunStatus.SUCCEEDED);
      RunSummary s = plain.summary();
      ListenerCost cost = new ListenerCost(2_000_000, 500, 400, 1_000_000, 9_000, 3_000, 7, 65_536, 0.004, 5_000);
      RunSummary withCost =
          new RunSummary(
              s.status(), s.timing(), s.failure(), s.resources(), s.totals(), s.progress(), s.stages(),
              s.foldedStages(), s.foldedStageTotals(), s.joins(), s.listener(), cost);
      store.append(List.of(TelemetryEvent.finished(plain.run(), plain.timeMs(), withCost)));
      metrics.runFinished(store.findRun("acme", "run-1").orElseThrow());

      DistributionSummary ratio =
          server.meterRegistry().get("sparkplane_listener_cpu_ratio").tag("region", "eu-west-1").summary();
      assertThat(ratio.count()).isEqualTo(1);
      assertThat(ratio.totalAmount()).isEqualTo(0.004);
      DistributionSummary perTask =
          server.meterRegistry()
              .get("sparkplane_listener_bus_cpu_per_task_seconds")
              .tag("region", "eu-west-1")
              .summary();
      assertThat(perTask.totalAmount()).isEqualTo(5e-6);
      assertThat(server.meterRegistry().scrape()).contains("sparkplane_listener_retained_bytes");
    }
  }
}
