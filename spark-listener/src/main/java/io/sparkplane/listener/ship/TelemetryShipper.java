package io.sparkplane.listener.ship;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import io.sparkplane.listener.TelemetrySink;
import io.sparkplane.wire.TelemetryEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers telemetry from a bounded queue on one daemon thread: batches, retries with exponential
 * backoff and jitter until delivered, and a bounded final flush at close. {@link #accept} never
 * blocks; what cannot be queued or delivered is dropped, counted and logged once.
 */
public final class TelemetryShipper implements TelemetrySink, AutoCloseable {

  /** Settings of delivery; each has a {@code spark.sparkplane.*} key in docs/telemetry.md. */
  public record Config(
      int queueCapacity,
      int batchMaxEvents,
      Duration requestTimeout,
      Duration backoffInitial,
      Duration backoffMax) {}

  private static final Logger LOG = LoggerFactory.getLogger(TelemetryShipper.class);
  private static final long WORKER_STOP_MILLIS = 2_000;

  private final BoundedEventQueue queue;
  private final TelemetryTransport transport;
  private final Config config;
  private final LongConsumer onDropped;
  private final RetryPolicy<Delivery> retryPolicy;
  private final Thread worker;
  private final AtomicBoolean closing = new AtomicBoolean();
  private final AtomicBoolean dropLogged = new AtomicBoolean();
  private final AtomicLong deliveredEvents = new AtomicLong();
  private final AtomicLong bytesSent = new AtomicLong();
  private final AtomicLong bytesSerialized = new AtomicLong();
  private final AtomicLong undeliverable = new AtomicLong();
  private final AtomicLong failedAttempts = new AtomicLong();
  private volatile boolean sending;

  /** Ends the retries of a batch once the shipper closes; the final flush takes the batch over. */
  private static final class ShipperClosing extends RuntimeException {
    ShipperClosing() {
      super("shipper closing", null, false, false);
    }
  }

  public TelemetryShipper(TelemetryTransport transport, Config config, LongConsumer onDropped) {
    this.transport = transport;
    this.config = config;
    this.onDropped = onDropped;
    this.queue = new BoundedEventQueue(config.queueCapacity());
    this.retryPolicy =
        RetryPolicy.<Delivery>builder()
            .handleIf(e -> e instanceof DeliveryException d && d.retryable())
            .abortOn(ShipperClosing.class)
            .withBackoff(config.backoffInitial(), config.backoffMax())
            .withJitter(0.25)
            .withMaxRetries(-1)
            .onFailedAttempt(e -> failedAttempts.incrementAndGet())
            .build();
    this.worker = new Thread(this::deliverLoop, "sparkplane-shipper");
    this.worker.setDaemon(true);
    this.worker.start();
  }

  @Override
  public void accept(TelemetryEvent event) {
    if (closing.get() || !queue.offer(event)) {
      dropped(1, "queue full or closed");
    }
  }

  private void deliverLoop() {
    List<TelemetryEvent> batch = new ArrayList<>();
    while (!closing.get()) {
      batch.clear();
      try {
        if (queue.drainTo(batch, config.batchMaxEvents(), 1000) > 0 && !deliverWithRetries(batch)) {
          queue.requeueFirst(batch);
          return;
        }
      } catch (InterruptedException e) {
        queue.requeueFirst(batch);
        return;
      }
    }
  }

  /** Returns false when closing (or an interrupt) took the batch away before it was delivered. */
  private boolean deliverWithRetries(List<TelemetryEvent> batch) {
    try {
      delivered(batch.size(), Failsafe.with(retryPolicy).get(() -> sendOnce(batch)));
    } catch (ShipperClosing e) {
      return false;
    } catch (FailsafeException e) {
      Throwable cause = e.getCause();
      if (cause instanceof InterruptedException) {
        return false;
      }
      dropped(batch.size(), cause == null ? e.toString() : cause.getMessage());
    } catch (RuntimeException e) {
      // Boundary of the shipper thread: an unexpected failure drops this batch, not delivery.
      dropped(batch.size(), "unexpected " + e);
    }
    return true;
  }

  private Delivery sendOnce(List<TelemetryEvent> batch)
      throws DeliveryException, InterruptedException {
    if (closing.get()) {
      throw new ShipperClosing();
    }
    sending = true;
    try {
      return transport.send(batch, config.requestTimeout());
    } finally {
      sending = false;
    }
  }

  /**
   * Stops the worker and delivers what is queued within {@code timeout}: a request in flight may
   * finish (so its batch is not sent twice), a backoff wait is cut short; then one attempt per
   * remaining batch, no backoff, stopping at the first failure, so a dead collector costs no waiting.
   */
  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }

  public void close(Duration timeout) {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    queue.wakeUp();
    if (!sending) {
      worker.interrupt();
    }
    List<TelemetryEvent> batch = new ArrayList<>();
    try {
      worker.join(Math.max(1, timeout.toMillis()));
      if (worker.isAlive()) {
        // A request still in flight at the deadline is abandoned; the worker puts its batch back
        // for the final accounting below.
        worker.interrupt();
        worker.join(WORKER_STOP_MILLIS);
      }
      while (queue.drainTo(batch, config.batchMaxEvents(), 0) > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          dropped(batch.size() + queue.size(), "flush timeout");
          return;
        }
        Duration attempt = Duration.ofNanos(Math.min(left, config.requestTimeout().toNanos()));
        try {
          delivered(batch.size(), transport.send(batch, attempt));
        } catch (DeliveryException e) {
          dropped(batch.size() + queue.size(), "final flush: " + e.getMessage());
          return;
        }
        batch.clear();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      dropped(batch.size() + queue.size(), "interrupted during flush");
    } finally {
      logDropSummary();
    }
  }

  private void delivered(int events, Delivery delivery) {
    deliveredEvents.addAndGet(events);
    bytesSerialized.addAndGet(delivery.serializedBytes());
    bytesSent.addAndGet(delivery.sentBytes());
  }

  private void dropped(long count, String why) {
    if (count <= 0) {
      return;
    }
    undeliverable.addAndGet(count);
    onDropped.accept(count);
    if (dropLogged.compareAndSet(false, true)) {
      LOG.warn(
          "Sparkplane dropped {} telemetry event(s): {}. Further drops are counted, not logged.",
          count,
          why);
    }
  }

  private void logDropSummary() {
    long heartbeats = queue.droppedHeartbeats();
    long lost = undeliverable.get();
    if (lost > 0 || heartbeats > 0) {
      LOG.warn(
          "Sparkplane telemetry: {} delivered, {} dropped ({} heartbeats dropped from a full queue)",
          deliveredEvents.get(),
          lost,
          heartbeats);
    }
  }

  public long deliveredEvents() {
    return deliveredEvents.get();
  }

  public long bytesSent() {
    return bytesSent.get();
  }

  /** JSON bytes serialized for batches that were delivered. */
  public long bytesSerialized() {
    return bytesSerialized.get();
  }

  /** The delivery thread, whose CPU time counts as the listener's shipping cost. */
  public Thread workerThread() {
    return worker;
  }

  public long droppedEvents() {
    return undeliverable.get();
  }

  public long failedAttempts() {
    return failedAttempts.get();
  }

  public int queueHighWaterMark() {
    return queue.highWaterMark();
  }

  public int queued() {
    return queue.size();
  }
}
