package io.sparkplane.collector.extension;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sparkplane.collector.store.FinishedRun;
import io.sparkplane.collector.store.RunStore;
import io.sparkplane.collector.store.StoredRun;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands runs that became finished to the extensions on one background thread, so ingest latency
 * never includes triage or alerting work. The queue is bounded ({@code
 * CollectorConfig.extensionQueueCapacity}, exported as {@code sparkplane_extension_queue_capacity});
 * when it is full the notification is dropped and counted in {@code
 * sparkplane_extension_notifications_total{outcome="dropped"}}.
 */
public final class FinishedRunDispatcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FinishedRunDispatcher.class);

  private final RunStore store;
  private final List<CollectorExtension> extensions;
  private final ThreadPoolExecutor executor;
  private final Counter delivered;
  private final Counter dropped;
  private final Counter failed;

  public FinishedRunDispatcher(
      RunStore store, List<CollectorExtension> extensions, MeterRegistry registry, int queueCapacity) {
    this.store = store;
    this.extensions = List.copyOf(extensions);
    this.executor =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(queueCapacity),
            r -> {
              Thread t = new Thread(r, "sparkplane-finished-runs");
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.AbortPolicy());
    String name = "sparkplane_extension_notifications";
    this.delivered = Counter.builder(name).tag("outcome", "delivered").register(registry);
    this.dropped = Counter.builder(name).tag("outcome", "dropped").register(registry);
    this.failed = Counter.builder(name).tag("outcome", "failed").register(registry);
    Gauge.builder("sparkplane_extension_queue_depth", executor, e -> e.getQueue().size())
        .description("Finished-run notifications waiting for the extensions")
        .register(registry);
    Gauge.builder("sparkplane_extension_queue_capacity", () -> queueCapacity)
        .description("Finished-run notifications that may wait for the extensions; past it they are dropped")
        .register(registry);
  }

  /** Queues the notification of a run that became finished; never blocks. */
  public void finished(FinishedRun run) {
    if (extensions.isEmpty()) {
      return;
    }
    try {
      executor.execute(() -> notifyAll(run));
    } catch (RejectedExecutionException e) {
      dropped.increment();
    }
  }

  private void notifyAll(FinishedRun finished) {
    Optional<StoredRun> run;
    try {
      run = store.findRun(finished.identity().tenant(), finished.identity().runId());
    } catch (RuntimeException e) {
      failed.increment();
      log.warn("Cannot load finished run {} for extensions", finished.identity().runId(), e);
      return;
    }
    if (run.isEmpty()) {
      return;
    }
    for (CollectorExtension extension : extensions) {
      try {
        extension.runFinished(run.get());
        delivered.increment();
      } catch (RuntimeException e) {
        failed.increment();
        log.warn("{} failed on run {}", extension.getClass().getSimpleName(), finished.identity().runId(), e);
      }
    }
  }

  /** Waits up to {@code timeoutMillis} for queued notifications, then stops. */
  public void close(long timeoutMillis) {
    executor.shutdown();
    try {
      executor.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    executor.shutdownNow();
  }

  @Override
  public void close() {
    close(5_000);
  }
}
