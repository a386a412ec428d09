package io.sparkplane.alerting.notify;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The pause before a notification's next attempt: exponential backoff from {@code initialBackoff},
 * doubled per attempt, with ±20% jitter; or the receiver's {@code Retry-After} when that is longer.
 * Either is capped by {@code maxBackoff}, so a receiver asking for an hour cannot park the channel.
 */
final class RetryDelay {

  static final double JITTER = 0.2;

  private final long initialNanos;
  private final long maxNanos;
  private final DoubleSupplier random;

  /** @param random uniform in [0, 1) */
  RetryDelay(Duration initialBackoff, Duration maxBackoff, DoubleSupplier random) {
    this.initialNanos = initialBackoff.toNanos();
    this.maxNanos = maxBackoff.toNanos();
    this.random = random;
  }

  /**
   * @param attempts attempts made so far (1 after the first failure)
   * @param last why the last attempt failed
   */
  Duration next(int attempts, @Nullable Throwable last) {
    int doublings = Math.min(Math.max(attempts - 1, 0), 30);
    long backoff = Math.min(maxNanos, initialNanos << doublings);
    long jittered = (long) (backoff * (1 + JITTER * (2 * random.getAsDouble() - 1)));
    long delay = Math.min(maxNanos, jittered);
    if (last instanceof NotifierException e && e.retryAfter().isPresent()) {
      delay = Math.max(delay, Math.min(maxNanos, e.retryAfter().get().toNanos()));
    }
    return Duration.ofNanos(delay);
  }

  /**
   * Parses a {@code Retry-After} value, delay-seconds or an HTTP date (RFC 1123), relative to
   * {@code now}; empty when absent or unreadable. A date in the past is a zero delay.
   */
  static Optional<Duration> parseRetryAfter(@Nullable String value, Instant now) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String v = value.trim();
    if (v.chars().allMatch(Character::isDigit)) {
      try {
        return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
      } catch (NumberFormatException e) {
        return Optional.of(Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L)); // absurdly long; capped later
      }
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(now, at);
      return Optional.of(d.isNegative() ? Duration.ZERO : d);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
