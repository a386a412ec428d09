package io.sparkplane.triage.detect;

import org.jspecify.annotations.Nullable;

/**
 * One line of an error text in a run summary.
 *
 * @param source where it came from, e.g. {@code failure.message}, {@code taskFailures[FetchFailed]}
 * @param text the line, trimmed and truncated
 * @param stageId the stage it belongs to, if known
 * @param fetchFailure whether it is part of a shuffle fetch failure (whose texts mention hosts and
 *     refused connections that are not external systems)
 */
public record ErrorLine(String source, String text, @Nullable Integer stageId, boolean fetchFailure) {}
