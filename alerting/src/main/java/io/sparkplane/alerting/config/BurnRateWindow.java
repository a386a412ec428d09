package io.sparkplane.alerting.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.sparkplane.alerting.Level;
import java.time.Duration;
import java.util.Objects;

/**
 * One multi-window burn-rate condition (SRE workbook, chapter 5): fire when the error budget burns
 * at least {@code factor} times too fast over both the {@code long} and the {@code short} window.
 *
 * @param longWindow e.g. 1h (YAML {@code long})
 * @param shortWindow e.g. 5m, shorter than {@code long} (YAML {@code short})
 * @param factor burn-rate factor, e.g. 14.4
 * @param level level of the alert
 */
public record BurnRateWindow(
    @JsonProperty("long") Duration longWindow,
    @JsonProperty("short") Duration shortWindow,
    Double factor,
    Level level) {

  public BurnRateWindow {
    Objects.requireNonNull(longWindow, "long");
    Objects.requireNonNull(shortWindow, "short");
    Settings.positive("long", longWindow);
    Settings.positive("short", shortWindow);
    if (shortWindow.compareTo(longWindow) >= 0) {
      throw new ConfigFieldException(
          "short",
          "must be shorter than long ("
              + DurationText.format(shortWindow)
              + " >= "
              + DurationText.format(longWindow)
              + ")");
    }
    if (factor == null) {
      throw new ConfigFieldException("factor", "is required");
    }
    if (!(factor > 0)) {
      throw new ConfigFieldException("factor", "must be > 0, was " + factor);
    }
    if (level == null) {
      throw new ConfigFieldException("level", "is required (critical, error, warning or info)");
    }
  }

  /** The name used in alert keys and Prometheus alert names, e.g. {@code 1h-5m}. */
  public String name() {
    return DurationText.format(longWindow) + "-" + DurationText.format(shortWindow);
  }
}
