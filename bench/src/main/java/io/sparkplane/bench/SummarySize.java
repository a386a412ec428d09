package io.sparkplane.bench;

import io.sparkplane.bench.synthetic.RunShape;

/**
 * The RUN_FINISHED event of one synthetic run: its serialized size and what it kept.
 *
 * @param summaryTasks task count the summary reports, which must equal the shape's
 */
record SummarySize(
    RunShape shape,
    long summaryTasks,
    int keptStages,
    int foldedStages,
    long jsonBytes,
    long gzipBytes,
    long driveMillis) {

  static final long TARGET_GZIP_BYTES = 64 * 1024;

  boolean withinTarget() {
    return gzipBytes <= TARGET_GZIP_BYTES;
  }

  String line() {
    return String.format(
        "%-62s json=%,9d B  gzip=%,7d B (%.1f KiB)  stages kept=%d folded=%d  tasks in summary=%,d  drive=%,d ms  %s",
        shape,
        jsonBytes,
        gzipBytes,
        gzipBytes / 1024.0,
        keptStages,
        foldedStages,
        summaryTasks,
        driveMillis,
        withinTarget() ? "OK (<= 64 KiB)" : "OVER TARGET (64 KiB)");
  }
}
