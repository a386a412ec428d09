package io.sparkplane.server.config;

import java.time.Duration;
import java.util.Arrays;

/** Validation of settings at load, with messages that name the key. */
final class Checks {

  /** The longest timeout that fits in int milliseconds (about 24 days), as HTTP clients hold them. */
  static final Duration INT_MILLIS = Duration.ofMillis(Integer.MAX_VALUE);

  private Checks() {}

  static void range(String key, long value, long min, long max) {
    if (value < min || value > max) {
      throw new SettingsException(key, "must be between " + min + " and " + max + ", was " + value);
    }
  }

  static void positive(String key, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new SettingsException(key, "must be a positive duration, was " + value);
    }
  }

  /** A positive duration up to {@code max}: e.g. a timeout a client holds in int milliseconds. */
  static void positive(String key, Duration value, Duration max) {
    positive(key, value);
    if (value.compareTo(max) > 0) {
      throw new SettingsException(key, "must be at most " + max + ", was " + value);
    }
  }

  static void oneOf(String key, String value, String... allowed) {
    if (!Arrays.asList(allowed).contains(value)) {
      throw new SettingsException(key, "must be one of " + Arrays.toString(allowed) + ", was '" + value + "'");
    }
  }
}
