package io.sparkplane.console.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Human-readable numbers for the pages: bytes, durations, UTC times. Internal. */
public final class Formats {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

  private Formats() {}

  public static String bytes(double bytes) {
    if (bytes < 1024) {
      return String.format(Locale.ROOT, "%.0f B", bytes);
    }
    int unit = 0;
    double v = bytes;
    while (v >= 1024 && unit < UNITS.length - 1) {
      v /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : "%.1f %s", v, UNITS[unit]);
  }

  public static String millis(double ms) {
    if (ms < 1000) {
      return String.format(Locale.ROOT, "%.0f ms", ms);
    }
    double s = ms / 1000;
    if (s < 60) {
      return String.format(Locale.ROOT, "%.1f s", s);
    }
    long total = Math.round(s);
    long h = total / 3600;
    long m = (total % 3600) / 60;
    long sec = total % 60;
    return h > 0
        ? String.format(Locale.ROOT, "%dh %02dm %02ds", h, m, sec)
        : String.format(Locale.ROOT, "%dm %02ds", m, sec);
  }

  public static String nanos(long ns) {
    return ns < 1_000_000 ? String.format(Locale.ROOT, "%.1f µs", ns / 1000.0) : millis(ns / 1_000_000.0);
  }

  public static String time(@Nullable Long epochMs) {
    return epochMs == null ? "—" : TIME.format(Instant.ofEpochMilli(epochMs));
  }

  public static String ratio(double r) {
    return String.format(Locale.ROOT, "%.1f×", r);
  }

  public static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.format(Locale.ROOT, "%,d", (long) v);
    }
    return String.format(Locale.ROOT, "%,.3f", v);
  }

  public static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.2f%%", fraction * 100);
  }
}
