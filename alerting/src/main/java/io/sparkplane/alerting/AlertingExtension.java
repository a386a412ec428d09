package io.sparkplane.alerting;

import io.javalin.Javalin;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.sparkplane.alerting.config.AlertingConfig;
import io.sparkplane.alerting.config.AlertingConfigLoader;
import io.sparkplane.alerting.engine.AlertEngine;
import io.sparkplane.alerting.engine.RunOutcome;
import io.sparkplane.alerting.internal.AlertsHandler;
import io.sparkplane.alerting.internal.TriageClassifier;
import io.sparkplane.alerting.notify.NotificationRouter;
import io.sparkplane.alerting.notify.NotifierBuilders;
import io.sparkplane.alerting.notify.NotifierChannel;
import io.sparkplane.alerting.notify.NotifierConfig;
import io.sparkplane.collector.extension.CollectorExtension;
import io.sparkplane.collector.extension.ExtensionContext;
import io.sparkplane.collector.metrics.CappedTagMeterFilter;
import io.sparkplane.collector.store.StoredRun;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alerting inside the collector: evaluates every finished run against the rules, notifies on-call
 * and serves {@code GET /api/v1/alerts}. Metrics go to the collector's registry.
 *
 * <pre>{@code
 * CollectorServer.builder(config)
 *     .extension(triage)   // register triage first: its verdict is then stored before alerting reads it
 *     .extension(AlertingExtension.fromFile(Path.of("alerting.yaml")))
 *     .build();
 * }</pre>
 */
public final class AlertingExtension implements CollectorExtension {

  private static final Logger log = LoggerFactory.getLogger(AlertingExtension.class);

  private final AlertingConfig config;
  private final @Nullable Clock clockOverride;
  private final AtomicLong lastTickWarning = new AtomicLong();
  private volatile @Nullable AlertEngine engine;
  private volatile Clock clock = Clock.systemUTC();
  private @Nullable NotificationRouter router;
  private @Nullable ScheduledExecutorService scheduler;

  /** Uses the collector's clock. */
  public AlertingExtension(AlertingConfig config) {
    this(config, null);
  }

  /**
   * @param clock drives the windows instead of the collector's clock (tests, replays)
   */
  public AlertingExtension(AlertingConfig config, @Nullable Clock clock) {
    this.config = config;
    this.clockOverride = clock;
  }

  /**
   * Reads and validates the YAML file.
   *
   * @throws io.sparkplane.alerting.config.AlertingConfigException naming the bad field
   */
  public static AlertingExtension fromFile(Path yaml) {
    return new AlertingExtension(AlertingConfigLoader.load(yaml));
  }

  /**
   * Caps the per-workload runtime drift series ({@code rules.runtimeDrift.maxWorkloadMeters}):
   * later workloads get none rather than a pooled one, a drift ratio over unrelated workloads
   * meaning nothing.
   */
  @Override
  public List<MeterFilter> meterFilters() {
    return List.of(
        CappedTagMeterFilter.denying(
            "workload", "tenant", config.rules().runtimeDrift().maxWorkloadMeters()));
  }

  @Override
  public synchronized void start(Javalin app, ExtensionContext context) {
    Clock clock = clockOverride != null ? clockOverride : context.clock();
    this.clock = clock;
    AlertingMetrics metrics = new AlertingMetrics(context.registry());
    // process_uptime_seconds: the shipped Prometheus rules use it to tell a young replica's counters
    new UptimeMetrics().bindTo(context.registry());
    TriageClassifier classifier = new TriageClassifier(context.store());
    List<NotifierChannel> channels = new ArrayList<>();
    for (NotifierConfig notifier : config.notifiers()) {
      channels.add(
          new NotifierChannel(
              notifier,
              NotifierBuilders.build(notifier),
              config.routing().repeatInterval(),
              classifier,
              metrics,
              clock));
    }
    NotificationRouter newRouter = new NotificationRouter(config.routing(), channels);
    AlertEngine newEngine = new AlertEngine(config.rules(), config.routing(), clock, newRouter, metrics);
    app.get(AlertsHandler.PATH, new AlertsHandler(context.authentication(), newEngine, classifier)::list);
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "sparkplane-alerting-tick");
              t.setDaemon(true);
              return t;
            });
    long interval = config.routing().evaluationInterval().toMillis();
    ticker.scheduleWithFixedDelay(this::tickSafely, interval, interval, TimeUnit.MILLISECONDS);
    this.router = newRouter;
    this.scheduler = ticker;
    this.engine = newEngine;
    log.info(
        "Alerting started: {} notifier(s), evaluation every {} ms", channels.size(), interval);
  }

  @Override
  public void runFinished(StoredRun run) {
    AlertEngine e = engine;
    if (e == null) {
      return;
    }
    RunOutcome.of(run, clock.millis()).ifPresent(e::observe);
  }

  /** The engine, once started: for tests and embedding. */
  public Optional<AlertEngine> engine() {
    return Optional.ofNullable(engine);
  }

  private void tickSafely() {
    AlertEngine e = engine;
    if (e == null) {
      return;
    }
    try {
      e.tick();
    } catch (VirtualMachineError fatal) {
      throw fatal;
    } catch (Throwable t) {
      long now = System.nanoTime();
      long last = lastTickWarning.get();
      if (now - last > TimeUnit.MINUTES.toNanos(1) && lastTickWarning.compareAndSet(last, now)) {
        log.warn("Alert evaluation tick failed; retrying next tick", t);
      }
    }
  }

  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
    if (router != null) {
      router.close();
      router = null;
    }
    engine = null;
  }
}
