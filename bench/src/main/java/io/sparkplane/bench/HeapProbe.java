package io.sparkplane.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;

/**
 * Heap in use right after full collections. Meant for a JVM started with {@code -XX:+UseSerialGC},
 * where {@link System#gc()} is a full, compacting collection. Reads each heap pool's usage as of the
 * end of the last collection, not the current usage, which also counts the thread-local allocation
 * buffers handed out since (megabytes, varying with the recent allocation rate).
 */
public final class HeapProbe {

  private static final List<MemoryPoolMXBean> HEAP_POOLS =
      ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(p -> p.getType() == MemoryType.HEAP && p.getCollectionUsage() != null)
          .toList();

  private HeapProbe() {}

  /** The least post-GC heap seen over a few collections, which settles soft and finalizable objects. */
  public static long usedAfterGc() {
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      sleep(20);
      least = Math.min(least, afterLastGc());
    }
    return least;
  }

  private static long afterLastGc() {
    long used = 0;
    for (MemoryPoolMXBean pool : HEAP_POOLS) {
      MemoryUsage u = pool.getCollectionUsage();
      used += u.getUsed();
    }
    return used;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
