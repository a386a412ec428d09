package io.sparkplane.alerting.engine;

import java.util.Map;
import java.util.TreeMap;

/**
 * Good and bad runs in a sliding window of end time, counted in {@code buckets} time buckets: the
 * window's resolution is {@code window / buckets}, and a bucket is counted while any part of it is
 * inside the window. Memory is proportional to the buckets that saw runs. Not thread-safe.
 */
final class BucketedRatioWindow {

  private final long windowMs;
  private final long bucketMs;
  private final TreeMap<Long, long[]> buckets = new TreeMap<>();
  private long good;
  private long bad;

  BucketedRatioWindow(long windowMs, int bucketCount) {
    this.windowMs = windowMs;
    this.bucketMs = Math.max(1, windowMs / bucketCount);
  }

  void add(long endTimeMs, boolean isBad, long nowMs) {
    evict(nowMs);
    if (endTimeMs <= nowMs - windowMs) {
      return;
    }
    long start = Math.floorDiv(endTimeMs, bucketMs) * bucketMs;
    long[] counts = buckets.computeIfAbsent(start, s -> new long[2]);
    if (isBad) {
      counts[1]++;
      bad++;
    } else {
      counts[0]++;
      good++;
    }
  }

  long total(long nowMs) {
    evict(nowMs);
    return good + bad;
  }

  long bad(long nowMs) {
    evict(nowMs);
    return bad;
  }

  /** Bad over total, 0 when empty. */
  double errorRatio(long nowMs) {
    evict(nowMs);
    long total = good + bad;
    return total == 0 ? 0 : (double) bad / total;
  }

  long windowMs() {
    return windowMs;
  }

  private void evict(long nowMs) {
    long cutoff = nowMs - windowMs;
    while (!buckets.isEmpty() && buckets.firstKey() + bucketMs <= cutoff) {
      Map.Entry<Long, long[]> oldest = buckets.pollFirstEntry();
      good -= oldest.getValue()[0];
      bad -= oldest.getValue()[1];
    }
  }
}
