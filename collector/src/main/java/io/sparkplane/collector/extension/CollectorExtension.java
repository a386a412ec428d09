package io.sparkplane.collector.extension;

import io.micrometer.core.instrument.config.MeterFilter;
import java.util.List;
import io.javalin.Javalin;
import io.sparkplane.collector.store.StoredRun;

/**
 * A part of the control plane that runs inside the collector's process: it may add HTTP routes and
 * is told about every run that became finished. Register with {@code
 * CollectorServer.Builder#extension}.
 *
 * <pre>{@code
 * CollectorServer.builder(config).extension(new TriageExtension(settings)).build();
 * }</pre>
 */
public interface CollectorExtension extends AutoCloseable {

  /**
   * Meter filters this part needs on the collector's registry (e.g. a cap on a label of its own
   * meters), configured when the server is built, before any meter exists, so that they apply to
   * every meter. Default: none.
   */
  default List<MeterFilter> meterFilters() {
    return List.of();
  }

  /** Called once, before the server starts; adds this part's routes. */
  default void start(Javalin app, ExtensionContext context) {}

  /**
   * Called once for each run that became finished, after the batch that finished it is durable, on
   * the collector's observer thread (never on the ingest request). Exceptions are logged and counted.
   */
  default void runFinished(StoredRun run) {}

  /** Called when the server stops. */
  @Override
  default void close() {}
}
