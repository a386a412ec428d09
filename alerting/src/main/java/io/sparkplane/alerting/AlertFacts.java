package io.sparkplane.alerting;

import java.util.List;
import java.util.Objects;

/**
 * What a rule measured for one key at one evaluation.
 *
 * @param count the runs counted (failures in the window, SLA misses, failed runs in the long
 *     burn-rate window, runs in the recent runtime window)
 * @param total the runs the count is out of, where that means something (SLO: all runs in the long
 *     window), else equal to {@code count}
 * @param value the measured quantity compared with the threshold (count, burn rate, p95 ratio)
 * @param threshold the value at or above which the rule fires
 * @param windowStartMs start of the window the count covers (exclusive), epoch millis
 * @param windowEndMs end of the window (inclusive), epoch millis
 * @param summary one line for humans
 * @param runs the newest runs counted, bounded, newest last
 */
public record AlertFacts(
    long count,
    long total,
    double value,
    double threshold,
    long windowStartMs,
    long windowEndMs,
    String summary,
    List<RunRef> runs) {

  public AlertFacts {
    Objects.requireNonNull(summary, "summary");
    runs = List.copyOf(runs);
  }
}
