package io.sparkplane.collector.tracing;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sparkplane.collector.store.RunStore;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sparkplane_store_healthy}: 1 while {@link RunStore#isHealthy()} answered true at the last
 * sample, else 0. The store's health check is a network round trip for Elasticsearch, so it is
 * sampled on a schedule (the lost-run detector's check interval) rather than on every scrape.
 *
 * <pre>{@code
 * StoreHealthGauge gauge = new StoreHealthGauge(store, registry, Duration.ofSeconds(10));
 * gauge.start();
 * }</pre>
 */
public final class StoreHealthGauge implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StoreHealthGauge.class);

  private final RunStore store;
  private final Duration interval;
  private volatile double healthy;
  private boolean failureLogged;
  private @Nullable ScheduledExecutorService scheduler;

  public StoreHealthGauge(RunStore store, MeterRegistry registry, Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive, was " + interval);
    }
    this.store = store;
    this.interval = interval;
    Gauge.builder("sparkplane.store.healthy", this, g -> g.healthy)
        .description("1 when the run store answered its last health check, else 0")
        .register(registry);
  }

  /** Samples now and then every interval on a daemon thread until closed. */
  public synchronized void start() {
    if (scheduler != null) {
      throw new IllegalStateException("store health gauge was already started");
    }
    sample();
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "sparkplane-store-health");
              t.setDaemon(true);
              return t;
            });
    long period = interval.toMillis();
    scheduler.scheduleWithFixedDelay(this::sample, period, period, TimeUnit.MILLISECONDS);
  }

  /** Asks the store once; a check that throws counts as unhealthy (logged once per outage). */
  public synchronized void sample() {
    boolean ok;
    try {
      ok = store.isHealthy();
      failureLogged = false;
    } catch (RuntimeException e) {
      ok = false;
      if (!failureLogged) {
        log.warn("Store health check failed; sparkplane_store_healthy is 0 until it answers", e);
        failureLogged = true;
      }
    }
    healthy = ok ? 1 : 0;
  }

  /** The last sample: 1 healthy, 0 not. */
  public double value() {
    return healthy;
  }

  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }
}
