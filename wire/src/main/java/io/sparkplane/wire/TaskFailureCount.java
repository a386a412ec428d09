package io.sparkplane.wire;

/**
 * Failed or killed tasks grouped by reason.
 *
 * @param kind Spark's task end reason, e.g. {@code ExceptionFailure}, {@code ExecutorLostFailure}
 * @param detail exception class or first line of the message, truncated
 * @param example one full (truncated) message, for people and for triage patterns
 */
public record TaskFailureCount(String kind, String detail, String example, long count) {}
