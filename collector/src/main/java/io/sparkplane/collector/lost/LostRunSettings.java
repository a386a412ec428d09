package io.sparkplane.collector.lost;

import java.time.Duration;
import java.util.Objects;

/**
 * When a silent run counts as lost.
 *
 * <pre>{@code
 * LostRunSettings s = LostRunSettings.defaults().withHeartbeatInterval(Duration.ofMillis(500));
 * }</pre>
 *
 * @param heartbeatInterval the listeners' {@code spark.sparkplane.heartbeat.interval}; a run that
 *     sent nothing for {@value #MISSED_HEARTBEATS} intervals is lost. Default 30 s, the listener's
 *     default
 * @param checkInterval how often the detector looks for silent runs; a run is marked at most this
 *     long after it became silent enough. Default 10 s
 * @param batchSize runs marked per store call; the detector repeats until none are left. Default
 *     {@value #DEFAULT_BATCH_SIZE}
 */
public record LostRunSettings(Duration heartbeatInterval, Duration checkInterval, int batchSize) {

  /** Heartbeats a run may miss before it is lost. */
  public static final int MISSED_HEARTBEATS = 3;

  public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(30);
  public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(10);
  public static final int DEFAULT_BATCH_SIZE = 500;

  public LostRunSettings {
    requirePositive(heartbeatInterval, "heartbeatInterval");
    requirePositive(checkInterval, "checkInterval");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
    }
  }

  public static LostRunSettings defaults() {
    return new LostRunSettings(DEFAULT_HEARTBEAT_INTERVAL, DEFAULT_CHECK_INTERVAL, DEFAULT_BATCH_SIZE);
  }

  public LostRunSettings withHeartbeatInterval(Duration interval) {
    return new LostRunSettings(interval, checkInterval, batchSize);
  }

  public LostRunSettings withCheckInterval(Duration interval) {
    return new LostRunSettings(heartbeatInterval, interval, batchSize);
  }

  /** How long a run may stay silent: {@value #MISSED_HEARTBEATS} heartbeat intervals. */
  public Duration silenceLimit() {
    return heartbeatInterval.multipliedBy(MISSED_HEARTBEATS);
  }

  private static void requirePositive(Duration value, String field) {
    Objects.requireNonNull(value, field);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(field + " must be positive, was " + value);
    }
  }
}
