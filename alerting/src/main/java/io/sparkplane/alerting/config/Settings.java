package io.sparkplane.alerting.config;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Defaults and range checks for settings records, with errors that name the field. */
public final class Settings {

  private Settings() {}

  public static <T> T orDefault(@Nullable T value, T fallback) {
    return value == null ? fallback : value;
  }

  public static int atLeast(String field, int value, int min) {
    if (value < min) {
      throw new ConfigFieldException(field, "must be >= " + min + ", was " + value);
    }
    return value;
  }

  public static double between(String field, double value, double minExclusive, double maxExclusive) {
    if (!(value > minExclusive && value < maxExclusive)) {
      throw new ConfigFieldException(
          field, "must be > " + minExclusive + " and < " + maxExclusive + ", was " + value);
    }
    return value;
  }

  public static Duration positive(String field, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new ConfigFieldException(field, "must be a positive duration, was " + DurationText.format(value));
    }
    return value;
  }

  public static Duration notNegative(String field, Duration value) {
    if (value.isNegative()) {
      throw new ConfigFieldException(field, "must not be negative, was " + DurationText.format(value));
    }
    return value;
  }
}
