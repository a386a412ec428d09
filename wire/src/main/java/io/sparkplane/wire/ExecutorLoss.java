package io.sparkplane.wire;

/** An executor removed while the run was active, with Spark's reason and exit code if it gave one. */
public record ExecutorLoss(String executorId, long timeMs, String reason, Integer exitCode) {}
