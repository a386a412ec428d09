package io.sparkplane.alerting.notify;

import io.sparkplane.alerting.config.Settings;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How one notifier delivers: its own queue, rate limit and retries, so a slow or dead receiver
 * never holds up evaluation or the other notifiers.
 *
 * @param ratePermits notifications per {@code ratePeriod}, smoothed; default 10
 * @param ratePeriod default 1s
 * @param rateWait longest wait for a rate permit before the notification is dropped and counted;
 *     default 30s
 * @param maxAttempts attempts per notification, the first included; default 5
 * @param initialBackoff delay before the first retry, doubled per attempt (with jitter); default 500ms
 * @param maxBackoff longest delay between attempts; default 30s
 * @param timeout connect and request timeout of one attempt; default 5s
 * @param queueCapacity notifications waiting for this notifier; beyond it they are dropped and
 *     counted; default 1000
 */
public record DeliverySettings(
    @Nullable Integer ratePermits,
    @Nullable Duration ratePeriod,
    @Nullable Duration rateWait,
    @Nullable Integer maxAttempts,
    @Nullable Duration initialBackoff,
    @Nullable Duration maxBackoff,
    @Nullable Duration timeout,
    @Nullable Integer queueCapacity) {

  public DeliverySettings {
    ratePermits = Settings.atLeast("ratePermits", Settings.orDefault(ratePermits, 10), 1);
    ratePeriod = Settings.positive("ratePeriod", Settings.orDefault(ratePeriod, Duration.ofSeconds(1)));
    rateWait = Settings.notNegative("rateWait", Settings.orDefault(rateWait, Duration.ofSeconds(30)));
    maxAttempts = Settings.atLeast("maxAttempts", Settings.orDefault(maxAttempts, 5), 1);
    initialBackoff =
        Settings.positive("initialBackoff", Settings.orDefault(initialBackoff, Duration.ofMillis(500)));
    maxBackoff = Settings.positive("maxBackoff", Settings.orDefault(maxBackoff, Duration.ofSeconds(30)));
    if (maxBackoff.compareTo(initialBackoff) <= 0) {
      throw new io.sparkplane.alerting.config.ConfigFieldException(
          "maxBackoff", "must be longer than initialBackoff");
    }
    timeout = Settings.positive("timeout", Settings.orDefault(timeout, Duration.ofSeconds(5)));
    queueCapacity = Settings.atLeast("queueCapacity", Settings.orDefault(queueCapacity, 1000), 1);
  }

  public static DeliverySettings defaults() {
    return new DeliverySettings(null, null, null, null, null, null, null, null);
  }
}
