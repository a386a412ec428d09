package io.sparkplane.listener;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The driver's heap in use right after its latest garbage collection: the sum over the heap pools of
 * their usage after that collection, from the JVM's GC notifications. Package-private: the listener's
 * own plumbing, not an API.
 *
 * <p>Not {@code MemoryPoolMXBean.getCollectionUsage()}: on G1 (JDK 17) the old generation's
 * collection usage only changes at mixed and full collections, so with the heap 91% full of live
 * data it still read 0 MiB of old generation, and the sum 0.8% of max. A notification's own
 * snapshot is taken at the end of every collection, young ones included.
 *
 * <p>The work per collection is a sum over a handful of pools on the JVM's notification thread, not
 * on the listener bus; {@code onCollection} must be as cheap. Notifications that carry no snapshot
 * (ZGC's and Shenandoah's pause notifications report every pool as 0 bytes committed) are skipped.
 */
final class HeapAfterGc implements AutoCloseable {

  private static final long NONE = -1;

  private final AtomicLong latest = new AtomicLong(NONE);
  private final Set<String> heapPools;
  private final LongConsumer onCollection;
  private final BiConsumer<String, Throwable> failed;
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final NotificationListener listener = this::handle;

  private HeapAfterGc(Set<String> heapPools, LongConsumer onCollection, BiConsumer<String, Throwable> failed) {
    this.heapPools = heapPools;
    this.onCollection = onCollection;
    this.failed = failed;
  }

  /**
   * Subscribes to this JVM's collectors. {@code onCollection} gets the heap after each collection;
   * failures in handling a notification go to {@code failed}, never to the JVM.
   */
  static HeapAfterGc start(LongConsumer onCollection, BiConsumer<String, Throwable> failed) {
    Set<String> heapPools =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .map(MemoryPoolMXBean::getName)
            .collect(Collectors.toUnmodifiableSet());
    HeapAfterGc heap = new HeapAfterGc(heapPools, onCollection, failed);
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(
            heap.listener,
            n -> GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType()),
            null);
        heap.emitters.add(emitter);
      }
    }
    return heap;
  }

  /** Heap bytes in use right after the latest collection; null before the first one. */
  Long latestBytes() {
    long v = latest.get();
    return v == NONE ? null : v;
  }

  private void handle(Notification notification, Object handback) {
    try {
      GarbageCollectionNotificationInfo info =
          GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
      long after = sumHeapPools(info.getGcInfo().getMemoryUsageAfterGc(), heapPools);
      if (after >= 0) {
        latest.set(after);
        onCollection.accept(after);
      }
    } catch (Throwable e) {
      failed.accept("GC notification", e);
    }
  }

  /** The heap pools' bytes in use after a collection, or -1 when it carries no snapshot. */
  static long sumHeapPools(Map<String, MemoryUsage> afterGc, Set<String> heapPools) {
    long used = 0;
    long committed = 0;
    for (String pool : heapPools) {
      MemoryUsage u = afterGc.get(pool);
      if (u != null) {
        used += u.getUsed();
        committed += u.getCommitted();
      }
    }
    return committed == 0 ? -1 : used;
  }

  /** Unsubscribes from the collectors; the latest figure stays readable. */
  @Override
  public void close() {
    for (NotificationEmitter emitter : emitters) {
      try {
        emitter.removeNotificationListener(listener);
      } catch (Exception e) {
        failed.accept("GC notification unsubscribe", e);
      }
    }
    emitters.clear();
  }
}
