package io.sparkplane.wire;

/**
 * When a run happened, in epoch millis.
 *
 * @param sqlPlanningTimeMs time from the first SQL execution's start to its first job's start,
 *     optional (no SQL)
 */
public record Timing(
    long submitTimeMs, Long startTimeMs, Long endTimeMs, Long durationMs, Long sqlPlanningTimeMs) {}
