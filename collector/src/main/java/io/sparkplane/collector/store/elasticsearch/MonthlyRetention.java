package io.sparkplane.collector.store.elasticsearch;

import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;

/**
 * Which monthly indices are past retention: those whose month lies more than {@code keepMonths}
 * whole months before the current UTC month. With {@code keepMonths = 13} in June 2025 the indices of
 * May 2024 and later stay. 0 keeps everything.
 */
record MonthlyRetention(int keepMonths, IndexNames names, Clock clock) {

  MonthlyRetention {
    if (keepMonths < 0) {
      throw new IllegalArgumentException("keepMonths must be >= 0, was " + keepMonths);
    }
    Objects.requireNonNull(names, "names");
    Objects.requireNonNull(clock, "clock");
  }

  /** The indices among {@code indices} to drop now. */
  List<String> expired(List<String> indices) {
    if (keepMonths == 0) {
      return List.of();
    }
    YearMonth oldestKept = YearMonth.now(clock.withZone(ZoneOffset.UTC)).minusMonths(keepMonths);
    return indices.stream()
        .filter(index -> names.monthOf(index).map(m -> m.isBefore(oldestKept)).orElse(false))
        .sorted()
        .toList();
  }
}
