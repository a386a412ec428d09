package io.sparkplane.listener.aggregate;

import io.sparkplane.wire.StageSummary;

/**
 * Sizes used to estimate the memory a run's aggregation holds: fixed object costs (headers, fields,
 * boxed values, map entries on a 64-bit JVM with compressed oops) plus what varies with content
 * (sketch bins in use, string lengths). An estimate, checked against the measured heap in
 * {@code bench/} (ListenerMemoryBench).
 */
final class RetainedSize {

  static final long RUN_BASE = 2_048;
  static final long SKETCH_BASE = 256;
  /** DDSketch's dense store grows its array in steps; on average this many bins beyond the range. */
  static final long DENSE_STORE_SLACK = 32;
  static final long STAGE_AGGREGATOR_BASE = 400;
  static final long STAGE_SUMMARY_BASE = 900;
  static final long JOIN_BASE = 120;
  static final long FAILURE_BASE = 400;
  static final long REASON_BASE = 120;
  static final long EXECUTOR_LOSS = 160;

  private RetainedSize() {}

  static long stageSummary(StageSummary stage) {
    return STAGE_SUMMARY_BASE
        + 2L * stage.name().length()
        + 2L * (stage.failureReason() == null ? 0 : stage.failureReason().length());
  }
}
