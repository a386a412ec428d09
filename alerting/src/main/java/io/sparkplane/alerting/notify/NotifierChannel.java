package io.sparkplane.alerting.notify;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RateLimitExceededException;
import dev.failsafe.RateLimiter;
import dev.failsafe.RetryPolicy;
import io.sparkplane.alerting.Alert;
import io.sparkplane.alerting.AlertingMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers to one notifier on its own daemon thread behind a bounded queue, rate-limited (Failsafe
 * smooth rate limiter) and retried with exponential backoff and jitter, or the receiver's {@code
 * Retry-After} when longer ({@link RetryDelay}, in a Failsafe retry policy). Submitting never blocks:
 * a full queue drops the notification and counts it, so a slow or dead receiver never stalls
 * evaluation or the other notifiers. Each submission reports its outcome (accepted, or given up)
 * so the {@link NotificationRouter} can submit a given-up page again later.
 */
public final class NotifierChannel implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(NotifierChannel.class);
  /** At most one warning per notifier per this interval; the rest are counted only. */
  private static final long LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final String name;
  private final Notifier notifier;
  private final Classifier classifier;
  private final AlertingMetrics metrics;
  private final Clock clock;
  private final Duration repeatInterval;
  private final ThreadPoolExecutor executor;
  private final FailsafeExecutor<Object> failsafe;
  private final AtomicLong lastWarningNanos = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

  public NotifierChannel(
      NotifierConfig config,
      Notifier notifier,
      Duration defaultRepeatInterval,
      Classifier classifier,
      AlertingMetrics metrics,
      Clock clock) {
    this.name = config.name();
    this.notifier = notifier;
    this.classifier = classifier;
    this.metrics = metrics;
    this.clock = clock;
    this.repeatInterval = config.repeatInterval().orElse(defaultRepeatInterval);
    DeliverySettings d = config.delivery();
    this.executor =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(d.queueCapacity()),
            r -> {
              Thread t = new Thread(r, "sparkplane-notify-" + name);
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.AbortPolicy());
    RetryDelay delay =
        new RetryDelay(d.initialBackoff(), d.maxBackoff(), () -> ThreadLocalRandom.current().nextDouble());
    RetryPolicy<Object> retry =
        RetryPolicy.builder()
            .handleIf(e -> e instanceof NotifierException ne && ne.retryable())
            .withDelayFn(ctx -> delay.next(ctx.getAttemptCount(), ctx.getLastException()))
            .withMaxAttempts(d.maxAttempts())
            .build();
    RateLimiter<Object> rateLimit =
        RateLimiter.smoothBuilder(d.ratePermits(), d.ratePeriod()).withMaxWaitTime(d.rateWait()).build();
    this.failsafe = Failsafe.with(retry, rateLimit);
    metrics.registerNotifier(name);
  }

  public String name() {
    return name;
  }

  public Duration repeatInterval() {
    return repeatInterval;
  }

  /**
   * Queues a notification; never blocks.
   *
   * @param transitionMs when the alert fired or resolved (engine clock), for the delay metric
   * @return completes on the delivery thread with true once the receiver accepted the
   *     notification, false once it was dropped or given up (already false if the queue is full)
   */
  public CompletableFuture<Boolean> submit(Notification.Kind kind, Alert alert, long transitionMs) {
    long queuedNanos = System.nanoTime();
    long queuedMs = clock.millis();
    CompletableFuture<Boolean> outcome = new CompletableFuture<>();
    try {
      executor.execute(() -> outcome.complete(deliver(kind, alert, transitionMs, queuedMs, queuedNanos)));
    } catch (RejectedExecutionException e) {
      metrics.notifyFailed(name, "queue_full");
      warn("queue full, dropped a {} notification of {}", kind.label(), alert.id(), null);
      outcome.complete(false);
    }
    return outcome;
  }

  /** Sends with rate limit and retries; true if accepted. */
  private boolean deliver(Notification.Kind kind, Alert alert, long transitionMs, long queuedMs, long queuedNanos) {
    try {
      Notification n = new Notification(kind, alert, classifier.classify(alert), clock.instant());
      failsafe.run(() -> notifier.send(n));
      long delayMs = Math.max(0, queuedMs - transitionMs);
      metrics.sent(
          name, kind.label(), Duration.ofMillis(delayMs).plusNanos(System.nanoTime() - queuedNanos));
      return true;
    } catch (RateLimitExceededException e) {
      metrics.notifyFailed(name, "rate_limited");
      warn("rate limit exceeded, dropped a {} notification of {}", kind.label(), alert.id(), null);
      return false;
    } catch (NotifierException | FailsafeException e) {
      metrics.notifyFailed(name, "error");
      warn("gave up a {} notification of {}", kind.label(), alert.id(), e);
      return false;
    } catch (RuntimeException e) {
      metrics.notifyFailed(name, "error");
      warn("failed a {} notification of {}", kind.label(), alert.id(), e);
      return false;
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      metrics.notifyFailed(name, "error");
      warn("failed a {} notification of {}", kind.label(), alert.id(), e);
      return false;
    }
  }

  private void warn(String message, String kind, String alertId, Throwable e) {
    long now = System.nanoTime();
    long last = lastWarningNanos.get();
    if (now - last >= LOG_EVERY_NANOS && lastWarningNanos.compareAndSet(last, now)) {
      if (e == null) {
        log.warn("Notifier {}: " + message + " (further warnings for a minute are only counted)", name, kind, alertId);
      } else {
        log.warn("Notifier {}: " + message + ": {} (further warnings for a minute are only counted)", name, kind, alertId, e.toString());
      }
    }
  }

  /** Waits up to {@code timeout} for queued notifications, then stops and closes the notifier. */
  public void close(Duration timeout) {
    executor.shutdown();
    try {
      executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    executor.shutdownNow();
    notifier.close();
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }
}
