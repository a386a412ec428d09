package io.sparkplane.replay;

import io.sparkplane.listener.ship.HttpTelemetryTransport;
import io.sparkplane.wire.TelemetryEvent;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Where replayed telemetry goes: an NDJSON file or a collector. Write as often as needed, then
 * close.
 *
 * <pre>
 * try (ReplayOutput out = ReplayOutput.collector(URI.create("http://collector:7070"), token)) {
 *   out.write(replayer.events(List.of(log)));
 * }
 * </pre>
 */
public interface ReplayOutput extends AutoCloseable {

  /** Events per collector request, as the live listener's default batch. */
  int DEFAULT_BATCH_SIZE = 50;

  /** Timeout of one collector request. */
  Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Writes the events, all or none per batch.
   *
   * @return the number of events written
   * @throws ReplayException when the output refuses them (the collector rejected a batch, or retries
   *     were exhausted, or the file cannot be written); nothing after the failing batch is written
   */
  long write(List<TelemetryEvent> events) throws ReplayException;

  @Override
  void close() throws ReplayException;

  /** One JSON event per line, in the wire format, to {@code file} (replaced if it exists). */
  static ReplayOutput ndjson(Path file) throws ReplayException {
    return new NdjsonFileOutput(file);
  }

  /**
   * POSTs the events to a collector's ingest endpoint in batches of {@link #DEFAULT_BATCH_SIZE},
   * retrying only what the collector calls retryable (unreachable, 408, 429, 5xx) a few times,
   * waiting its {@code Retry-After} when it sends one.
   *
   * @param token bearer token, optional
   */
  static ReplayOutput collector(URI url, String token) {
    return new CollectorOutput(
        url.toString(),
        new HttpTelemetryTransport(url.toString(), token, DEFAULT_TIMEOUT),
        DEFAULT_BATCH_SIZE,
        DEFAULT_TIMEOUT,
        CollectorOutput.DEFAULT_ATTEMPTS,
        CollectorOutput.DEFAULT_BACKOFF);
  }
}
