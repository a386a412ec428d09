package io.sparkplane.collector.extension;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.sparkplane.collector.store.StoredRun;
import io.sparkplane.wire.ListenerCost;
import io.sparkplane.wire.RunSummary;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes what observing each finished run cost its driver (the summary's {@code listenerCost}
 * section) as Prometheus metrics, per region (no tenant label: these are histograms).
 *
 * <ul>
 *   <li>{@code sparkplane_listener_cpu_ratio}: listener CPU / the run's executor CPU
 *   <li>{@code sparkplane_listener_bus_cpu_per_task_seconds}: bus-thread CPU per task event
 *   <li>{@code sparkplane_listener_bus_cpu_seconds}: bus-thread CPU per run
 *   <li>{@code sparkplane_listener_retained_bytes}: peak retained-memory estimate per run
 *   <li>{@code sparkplane_listener_telemetry_dropped_total}: telemetry the listener could not deliver
 * </ul>
 */
public final class ListenerCostMetrics implements CollectorExtension {

  private static final String UNKNOWN_REGION = "unknown";

  private MeterRegistry registry;
  private final Map<String, RegionMeters> byRegion = new ConcurrentHashMap<>();

  @Override
  public void start(io.javalin.Javalin app, ExtensionContext context) {
    this.registry = context.registry();
    meters(UNKNOWN_REGION);
  }

  @Override
  public void runFinished(StoredRun run) {
    RunSummary summary = run.summary();
    if (registry == null || summary == null) {
      return;
    }
    String region = run.identity().region() == null ? UNKNOWN_REGION : run.identity().region();
    RegionMeters meters = meters(region);
    if (summary.listener() != null) {
      meters.dropped.increment(summary.listener().telemetryDropped());
    }
    ListenerCost cost = summary.listenerCost();
    if (cost == null) {
      return;
    }
    meters.cpuRatio.record(cost.cpuToExecutorCpuRatio());
    meters.busCpuPerTask.record(cost.busCpuNanosPerTask() / 1e9);
    meters.busCpu.record(cost.busCpuNanos() / 1e9);
    meters.retained.record(cost.retainedBytesPeak());
  }

  private RegionMeters meters(String region) {
    return byRegion.computeIfAbsent(region, r -> new RegionMeters(registry, r));
  }

  private static final class RegionMeters {
    final DistributionSummary cpuRatio;
    final DistributionSummary busCpuPerTask;
    final DistributionSummary busCpu;
    final DistributionSummary retained;
    final Counter dropped;

    RegionMeters(MeterRegistry registry, String region) {
      cpuRatio =
          DistributionSummary.builder("sparkplane_listener_cpu_ratio")
              .description("Listener CPU time / the run's executor CPU time, per finished run")
              .tag("region", region)
              .serviceLevelObjectives(0.001, 0.005, 0.01, 0.02, 0.05)
              .register(registry);
      busCpuPerTask =
          DistributionSummary.builder("sparkplane_listener_bus_cpu_per_task_seconds")
              .description("Listener CPU on Spark's listener-bus thread per task event")
              .baseUnit("seconds")
              .tag("region", region)
              .serviceLevelObjectives(1e-6, 5e-6, 1e-5, 2e-5, 5e-5)
              .register(registry);
      busCpu =
          DistributionSummary.builder("sparkplane_listener_bus_cpu_seconds")
              .description("Listener CPU on Spark's listener-bus thread per run")
              .baseUnit("seconds")
              .tag("region", region)
              .register(registry);
      retained =
          DistributionSummary.builder("sparkplane_listener_retained_bytes")
              .description("Peak memory the listener's aggregation held for a run (estimate)")
              .baseUnit("bytes")
              .tag("region", region)
              .register(registry);
      dropped =
          Counter.builder("sparkplane_listener_telemetry_dropped_total")
              .description("Telemetry events listeners reported they could not deliver")
              .tag("region", region)
              .register(registry);
    }
  }
}
