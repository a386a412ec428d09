package io.sparkplane.collector.lost;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sparkplane.collector.ingest.IngestMetrics;
import io.sparkplane.collector.store.FinishedRun;
import io.sparkplane.collector.store.RunStore;
import io.sparkplane.collector.store.StoredRun;
import io.sparkplane.wire.RunStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks runs {@code LOST} whose driver sent nothing (no start, no heartbeat) for {@link
 * LostRunSettings#silenceLimit()} and no finish: a driver killed by the OS or its cluster manager,
 * or cut off for good, cannot say so itself. The store keeps the run's last heartbeat (progress,
 * driver heap), so triage can tell a driver OOM from a killed cluster. Each lost run is handed to
 * {@code onLost} like a finished run, so extensions (triage, alerting) see it.
 *
 * <p>Silence is measured on the collector's clock from when the store received the run's last
 * event. Right after the collector starts, every running run looks silent (the listeners' retries
 * are still catching up), so nothing is marked until the collector has been up for one silence
 * limit.
 *
 * <pre>{@code
 * LostRunDetector detector = new LostRunDetector(store, settings, clock, registry, dispatcher::finished);
 * detector.start();
 * }</pre>
 */
public final class LostRunDetector implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LostRunDetector.class);

  private final RunStore store;
  private final LostRunSettings settings;
  private final Clock clock;
  private final MeterRegistry registry;
  private final Consumer<FinishedRun> onLost;
  private final Instant notBefore;
  private final Counter sweepFailures;
  private @Nullable ScheduledExecutorService scheduler;
  private boolean failureLogged;

  public LostRunDetector(
      RunStore store,
      LostRunSettings settings,
      Clock clock,
      MeterRegistry registry,
      Consumer<FinishedRun> onLost) {
    this.store = store;
    this.settings = settings;
    this.clock = clock;
    this.registry = registry;
    this.onLost = onLost;
    this.notBefore = clock.instant().plus(settings.silenceLimit());
    this.sweepFailures =
        Counter.builder("sparkplane.lost_runs.sweep.failures")
            .description("Sweeps for lost runs that failed, e.g. because the store was down")
            .register(registry);
  }

  /** Sweeps every {@link LostRunSettings#checkInterval()} on a daemon thread until closed. */
  public synchronized void start() {
    if (scheduler != null) {
      throw new IllegalStateException("lost-run detector was already started");
    }
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "sparkplane-lost-runs");
              t.setDaemon(true);
              return t;
            });
    long period = settings.checkInterval().toMillis();
    scheduler.scheduleWithFixedDelay(this::sweepSafely, period, period, TimeUnit.MILLISECONDS);
  }

  /**
   * Marks every run that is silent for longer than the limit now.
   *
   * @return the runs marked by this sweep
   * @throws io.sparkplane.collector.store.StoreException if the store failed
   */
  public List<StoredRun> sweep() {
    Instant now = clock.instant();
    if (now.isBefore(notBefore)) {
      return List.of();
    }
    Instant silentSince = now.minus(settings.silenceLimit());
    List<StoredRun> all = new ArrayList<>();
    List<StoredRun> batch;
    do {
      batch = store.markLost(silentSince, settings.batchSize());
      for (StoredRun run : batch) {
        report(run);
      }
      all.addAll(batch);
    } while (batch.size() == settings.batchSize());
    return all;
  }

  private void report(StoredRun run) {
    Counter.builder("sparkplane.runs.lost")
        .description("Runs marked LOST because their driver stopped sending heartbeats")
        .tag("tenant", run.tenant())
        .register(registry)
        .increment();
    IngestMetrics.countFinished(registry, run.identity(), RunStatus.LOST);
    onLost.accept(new FinishedRun(run.identity(), RunStatus.LOST));
  }

  private void sweepSafely() {
    try {
      List<StoredRun> lost = sweep();
      if (!lost.isEmpty()) {
        log.info("Marked {} silent runs LOST", lost.size());
      }
      failureLogged = false;
    } catch (Throwable t) {
      if (t instanceof VirtualMachineError) {
        throw (VirtualMachineError) t;
      }
      sweepFailures.increment();
      // one line per outage, not one per sweep
      if (!failureLogged) {
        log.warn("Looking for lost runs failed; retrying every {}", settings.checkInterval(), t);
        failureLogged = true;
      }
    }
  }

  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }
}
