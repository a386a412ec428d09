package io.sparkplane.alerting;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A UTC clock its owner moves by hand: drives {@link io.sparkplane.alerting.engine.AlertEngine}
 * and {@link AlertingExtension} through replayed run streams (tests, benchmarks, backfills) without
 * sleeping. Thread-safe for one writer.
 *
 * <pre>{@code
 * SettableClock clock = new SettableClock(run.endTimeMs());
 * AlertEngine engine = new AlertEngine(rules, routing, clock, listener, metrics);
 * clock.set(next.endTimeMs());
 * engine.observe(next);
 * }</pre>
 */
public final class SettableClock extends Clock {

  private volatile long millis;

  public SettableClock(long startMillis) {
    this.millis = startMillis;
  }

  public void set(long newMillis) {
    this.millis = newMillis;
  }

  public void advance(Duration d) {
    this.millis += d.toMillis();
  }

  @Override
  public long millis() {
    return millis;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
