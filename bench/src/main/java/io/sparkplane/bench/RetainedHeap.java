package io.sparkplane.bench;

/**
 * Heap retained by the tracker at three points of one repetition: the difference in used heap after
 * full GC with the tracker reachable and after dropping it, driver state unchanged.
 *
 * @param peakBytes last job running, all its stages active and all their tasks ended
 * @param endBytes every job finished, before application end (finished-stage summaries held)
 * @param afterAppEndBytes after application end, once the run's summary was emitted
 */
record RetainedHeap(long peakBytes, long endBytes, long afterAppEndBytes) {

  String line(int rep) {
    return String.format(
        "rep %d: peak=%s  end of jobs=%s  after application end=%s",
        rep, mib(peakBytes), mib(endBytes), mib(afterAppEndBytes));
  }

  static String mib(long bytes) {
    return String.format("%,d B (%.2f MiB)", bytes, bytes / (1024.0 * 1024.0));
  }
}
