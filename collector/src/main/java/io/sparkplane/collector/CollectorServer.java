package io.sparkplane.collector;

import io.sparkplane.collector.extension.CollectorExtension;
import io.sparkplane.collector.extension.ExtensionContext;
import io.sparkplane.collector.extension.FinishedRunDispatcher;
import io.sparkplane.collector.http.Authentication;
import java.util.ArrayList;
import java.util.List;

import io.javalin.Javalin;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sparkplane.collector.auth.TenantAuthenticator;
import io.sparkplane.collector.http.CollectorApi;
import io.sparkplane.collector.http.RunLookup;
import io.sparkplane.collector.lost.LostRunDetector;
import io.sparkplane.collector.metrics.CappedTagMeterFilter;
import io.sparkplane.collector.tracing.CollectorTracing;
import io.sparkplane.collector.tracing.InstrumentedRunStore;
import io.sparkplane.collector.tracing.StoreHealthGauge;
import io.sparkplane.collector.store.RunStore;
import io.sparkplane.collector.store.h2.H2RunStore;
import java.time.Clock;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector as an embeddable server: the HTTP API over a {@link RunStore}.
 *
 * <pre>{@code
 * try (CollectorServer server = CollectorServer.builder(CollectorConfig.defaults().withPort(0)).build()) {
 *   int port = server.start();
 *   ...
 * }
 * }</pre>
 *
 * <p>Unless a store is supplied, {@link #start()} opens an {@link H2RunStore} in the config's data
 * directory and {@link #close()} closes it after the HTTP server stopped.
 */
public final class CollectorServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CollectorServer.class);

  private final CollectorConfig config;
  private final @Nullable RunStore suppliedStore;
  private final TenantAuthenticator authenticator;
  private final PrometheusMeterRegistry registry;
  private final Clock clock;
  private final CollectorTracing tracing;

  private @Nullable RunStore store;
  private @Nullable LostRunDetector lostRuns;
  private @Nullable StoreHealthGauge storeHealth;
  private @Nullable JvmGcMetrics gcMetrics;
  private boolean ownsStore;
  private @Nullable Javalin app;
  private @Nullable FinishedRunDispatcher dispatcher;
  private final List<CollectorExtension> extensions;
  private boolean started;

  private CollectorServer(Builder b) {
    this.config = b.config;
    this.suppliedStore = b.store;
    this.authenticator = b.authenticator;
    this.registry = b.registry != null ? b.registry : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.clock = b.clock;
    this.tracing = b.tracing;
    this.extensions = List.copyOf(b.extensions);
    // before any meter exists, so every tenant-labelled meter is capped
    this.registry.config().meterFilter(CappedTagMeterFilter.pooling("tenant", config.maxTenantMeters()));
    for (CollectorExtension extension : extensions) {
      extension.meterFilters().forEach(this.registry.config()::meterFilter);
    }
  }

  public static Builder builder(CollectorConfig config) {
    return new Builder(config);
  }

  /**
   * Opens the store if needed and starts serving.
   *
   * @return the bound port (the chosen one when the config's port is 0)
   * @throws IllegalStateException if called twice
   * @throws io.sparkplane.collector.store.StoreException if the store cannot be opened
   */
  public synchronized int start() {
    if (started) {
      throw new IllegalStateException("collector server was already started");
    }
    started = true;
    ownsStore = suppliedStore == null;
    store = ownsStore ? H2RunStore.open(config.dataDir(), clock) : suppliedStore;
    try {
      RunStore measured = new InstrumentedRunStore(store, registry, tracing);
      bindJvmMetrics();
      Authentication authentication = new Authentication(authenticator);
      dispatcher =
          new FinishedRunDispatcher(
              measured, extensions, registry, config.extensionQueueCapacity());
      app =
          CollectorApi.create(
              measured,
              authentication,
              registry,
              config.apiSettings(),
              dispatcher::finished,
              config.ingestLimits(),
              tracing);
      ExtensionContext context = new ExtensionContext(
              measured,
              authentication,
              new RunLookup(authentication, measured, config.apiSettings().retryAfterSeconds()),
              registry,
              clock);
      for (CollectorExtension extension : extensions) {
        extension.start(app, context);
      }
      app.start(config.host(), config.port());
      lostRuns = new LostRunDetector(measured, config.lostRuns(), clock, registry, dispatcher::finished);
      lostRuns.start();
      // the unwrapped store: health checks are not store operations worth timing
      storeHealth = new StoreHealthGauge(store, registry, config.lostRuns().checkInterval());
      storeHealth.start();
    } catch (RuntimeException e) {
      closeStore(e);
      throw e;
    }
    log.info("Sparkplane collector listening on {}:{}", config.host(), app.port());
    return app.port();
  }

  /** Heap, GC, threads, class loading and CPU of this replica: jvm_*, process_cpu_usage. */
  private void bindJvmMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    gcMetrics = new JvmGcMetrics();
    gcMetrics.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
  }

  /** The bound port. */
  public synchronized int port() {
    if (app == null) {
      throw new IllegalStateException("collector server is not started");
    }
    return app.port();
  }

  /** The registry {@code /metrics} exposes; add meters to it to have them scraped too. */
  public PrometheusMeterRegistry meterRegistry() {
    return registry;
  }

  /** Stops accepting requests, waits up to the shutdown timeout for in-flight ones, closes the store. */
  @Override
  public synchronized void close() {
    RuntimeException failure = null;
    if (app != null) {
      try {
        app.stop();
      } catch (RuntimeException e) {
        failure = e;
      }
      app = null;
    }
    if (lostRuns != null) {
      lostRuns.close();
      lostRuns = null;
    }
    if (storeHealth != null) {
      storeHealth.close();
      storeHealth = null;
    }
    if (gcMetrics != null) {
      gcMetrics.close();
      gcMetrics = null;
    }
    if (dispatcher != null) {
      dispatcher.close(config.shutdownTimeout().toMillis());
      dispatcher = null;
    }
    for (CollectorExtension extension : extensions) {
      try {
        extension.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    failure = closeStore(failure);
    if (failure != null) {
      throw failure;
    }
  }

  private @Nullable RuntimeException closeStore(@Nullable RuntimeException earlier) {
    if (store == null || !ownsStore) {
      return earlier;
    }
    try {
      store.close();
    } catch (RuntimeException e) {
      if (earlier == null) {
        return e;
      }
      earlier.addSuppressed(e);
    } finally {
      store = null;
    }
    return earlier;
  }

  /** Optional parts of a {@link CollectorServer}; each has a default. */
  public static final class Builder {
    private final CollectorConfig config;
    private @Nullable RunStore store;
    private TenantAuthenticator authenticator = TenantAuthenticator.allowAll();
    private @Nullable PrometheusMeterRegistry registry;
    private Clock clock = Clock.systemUTC();
    private CollectorTracing tracing = CollectorTracing.noop();
    private final List<CollectorExtension> extensions = new ArrayList<>();

    private Builder(CollectorConfig config) {
      this.config = Objects.requireNonNull(config, "config");
    }

    /** Uses this store instead of opening H2 in the data directory; the caller keeps closing it. */
    public Builder store(RunStore runStore) {
      this.store = Objects.requireNonNull(runStore, "store");
      return this;
    }

    /** Default: {@link TenantAuthenticator#allowAll()}. */
    public Builder authenticator(TenantAuthenticator tenantAuthenticator) {
      this.authenticator = Objects.requireNonNull(tenantAuthenticator, "authenticator");
      return this;
    }

    /** Default: a new registry of its own. */
    public Builder meterRegistry(PrometheusMeterRegistry meterRegistry) {
      this.registry = Objects.requireNonNull(meterRegistry, "meterRegistry");
      return this;
    }

    /**
     * Where the collector's spans go (ingest requests, store writes); default {@link
     * CollectorTracing#noop()}. An incoming {@code traceparent} is honoured either way.
     */
    public Builder tracing(CollectorTracing collectorTracing) {
      this.tracing = Objects.requireNonNull(collectorTracing, "tracing");
      return this;
    }

    /** Default: the system UTC clock. */
    public Builder clock(Clock storeClock) {
      this.clock = Objects.requireNonNull(storeClock, "clock");
      return this;
    }

    /** Adds a part of the control plane that runs in this server (routes, finished-run calls). */
    public Builder extension(CollectorExtension extension) {
      this.extensions.add(Objects.requireNonNull(extension, "extension"));
      return this;
    }

    public CollectorServer build() {
      return new CollectorServer(this);
    }
  }
}
