package io.sparkplane.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("HeapAfterGc on this JVM's real collector")
class HeapAfterGcTest {

  private static final long MIB = 1L << 20;

  @Test
  @DisplayName("reports what a collection could not free: 96 MiB kept alive count, the same 96 MiB released do not")
  void followsRetainedHeap() throws Exception {
    List<Long> seen = new CopyOnWriteArrayList<>();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    try (HeapAfterGc heap = HeapAfterGc.start(seen::add, (where, e) -> failures.add(e))) {
      List<byte[]> retained = new ArrayList<>();
      for (int i = 0; i < 96; i++) {
        retained.add(new byte[(int) MIB]);
      }
      long holding = awaitCollection(heap, after -> after >= 96 * MIB);
      assertThat(retained).hasSize(96);

      retained.clear();
      long released = awaitCollection(heap, after -> after <= holding - 64 * MIB);

      assertThat(holding).isGreaterThanOrEqualTo(96 * MIB).isLessThanOrEqualTo(Runtime.getRuntime().maxMemory());
      assertThat(released).isLessThanOrEqualTo(holding - 64 * MIB);
      // handed on just after the figure is set, on the notification thread
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!seen.contains(released) && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(seen).as("every collection was handed on").contains(holding, released);
      assertThat(failures).isEmpty();
    }
  }

  @Test
  @DisplayName("skips a notification without a snapshot (ZGC and Shenandoah pauses: every pool 0 committed)")
  void noSnapshot() {
    MemoryUsage empty = new MemoryUsage(0, 0, 0, 0);
    MemoryUsage old = new MemoryUsage(0, 300 * MIB, 400 * MIB, 512 * MIB);
    MemoryUsage eden = new MemoryUsage(0, 0, 100 * MIB, -1);
    Set<String> heapPools = Set.of("G1 Old Gen", "G1 Eden Space");

    assertThat(HeapAfterGc.sumHeapPools(Map.of("ZHeap", empty), Set.of("ZHeap"))).isEqualTo(-1);
    assertThat(HeapAfterGc.sumHeapPools(Map.of("G1 Old Gen", old, "G1 Eden Space", eden, "Metaspace", old), heapPools))
        .as("heap pools only").isEqualTo(300 * MIB);
  }

  /** Full collections until one leaves the heap as expected; its figure. */
  private static long awaitCollection(HeapAfterGc heap, LongPredicate expected) throws InterruptedException {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (System.nanoTime() < deadline) {
      System.gc();
      for (int i = 0; i < 20; i++) {
        Long after = heap.latestBytes();
        if (after != null && expected.test(after)) {
          return after;
        }
        Thread.sleep(50);
      }
    }
    throw new AssertionError("no collection left the heap as expected; latest " + heap.latestBytes());
  }
}
