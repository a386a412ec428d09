package io.sparkplane.replay;

import io.sparkplane.listener.ship.DeliveryException;
import io.sparkplane.listener.ship.TelemetryTransport;
import io.sparkplane.wire.TelemetryEvent;
import java.time.Duration;
import java.util.List;

/**
 * Posts telemetry to a collector in batches. Unlike the live shipper it never drops: a batch the
 * collector rejects, or one still failing after the retries, fails the write. Between attempts it
 * waits the exponential backoff, or the collector's {@code Retry-After} when that is longer (a
 * tenant's rate limit, an overloaded collector), up to {@link #MAX_RETRY_AFTER}.
 */
final class CollectorOutput implements ReplayOutput {

  static final int DEFAULT_ATTEMPTS = 4;
  static final Duration DEFAULT_BACKOFF = Duration.ofMillis(500);
  /** Longest {@code Retry-After} honoured per attempt. */
  static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);

  private final String url;
  private final TelemetryTransport transport;
  private final int batchSize;
  private final Duration timeout;
  private final int attempts;
  private final Duration backoff;

  CollectorOutput(
      String url,
      TelemetryTransport transport,
      int batchSize,
      Duration timeout,
      int attempts,
      Duration backoff) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
    }
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be >= 1, was " + attempts);
    }
    this.url = url;
    this.transport = transport;
    this.batchSize = batchSize;
    this.timeout = timeout;
    this.attempts = attempts;
    this.backoff = backoff;
  }

  @Override
  public long write(List<TelemetryEvent> events) throws ReplayException {
    long sent = 0;
    for (int from = 0; from < events.size(); from += batchSize) {
      List<TelemetryEvent> batch = events.subList(from, Math.min(events.size(), from + batchSize));
      send(batch, sent);
      sent += batch.size();
    }
    return sent;
  }

  private void send(List<TelemetryEvent> batch, long alreadySent) throws ReplayException {
    for (int attempt = 1; ; attempt++) {
      try {
        transport.send(batch, timeout);
        return;
      } catch (DeliveryException e) {
        if (!e.retryable() || attempt >= attempts) {
          String what = e.retryable() ? "gave up after " + attempt + " attempts" : "rejected";
          throw new ReplayException(
              url,
              what + " a batch of " + batch.size() + " events (" + alreadySent
                  + " sent before it): " + e.getMessage(),
              e);
        }
        pause(waitBefore(attempt + 1, e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ReplayException(url, "interrupted while sending", e);
      }
    }
  }

  /** The wait before attempt {@code next}: the backoff, or the collector's longer Retry-After. */
  Duration waitBefore(int next, DeliveryException failed) {
    Duration backoffWait = backoff.multipliedBy(1L << Math.min(next - 2, 10));
    Duration asked = failed.retryAfter().map(d -> d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d).orElse(Duration.ZERO);
    return asked.compareTo(backoffWait) > 0 ? asked : backoffWait;
  }

  private void pause(Duration d) throws ReplayException {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ReplayException(url, "interrupted while waiting to retry", e);
    }
  }

  @Override
  public void close() {
    // The transport's HttpClient holds no resources that need closing on Java 17.
  }
}
