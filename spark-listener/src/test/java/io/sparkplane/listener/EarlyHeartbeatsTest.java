package io.sparkplane.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("EarlyHeartbeats")
class EarlyHeartbeatsTest {

  private static final long MAX = 1000;
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final EarlyHeartbeats early = new EarlyHeartbeats(MAX, nanos::get);

  private void advanceMs(long ms) {
    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
  }

  @Test
  @DisplayName("asks for no heartbeat while the heap after GC stays below 70% of max")
  void belowFloor() {
    early.reported(100L);
    assertThat(early.collected(500)).isFalse();
    assertThat(early.collected(699)).isFalse();
    assertThat(early.collected(700)).isTrue();
  }

  @Test
  @DisplayName("asks again only when the heap after GC rose 5 points above what the last heartbeat reported")
  void stepAboveLastReported() {
    early.reported(500L);
    assertThat(early.collected(720)).isTrue();
    advanceMs(150);
    early.reported(720L);
    assertThat(early.collected(760)).as("4 points up").isFalse();
    assertThat(early.collected(770)).as("5 points up").isTrue();
    advanceMs(150);
    early.reported(770L);
    assertThat(early.collected(770)).as("steady at 77%").isFalse();
  }

  @Test
  @DisplayName("a scheduled heartbeat that reports a lower heap lets the next climb send early again")
  void lowerReportResets() {
    assertThat(early.collected(800)).isTrue();
    advanceMs(1_000);
    early.reported(300L);
    assertThat(early.collected(760)).isTrue();
  }

  @Test
  @DisplayName("sends at most one early heartbeat per 100 ms, however fast the heap climbs")
  void minGap() {
    assertThat(early.collected(750)).isTrue();
    advanceMs(50);
    assertThat(early.collected(900)).as("50 ms later").isFalse();
    advanceMs(50);
    assertThat(early.collected(900)).as("100 ms later").isTrue();
  }

  @Test
  @DisplayName("a climb from 70% to a full heap, a GC every 10 ms, costs at most 7 early heartbeats")
  void boundedPerClimb() {
    int sent = 0;
    for (long after = 700; after <= 1000; after += 2) {
      advanceMs(10);
      if (early.collected(after)) {
        sent++;
        early.reported(after);
      }
    }
    assertThat(sent).isBetween(1, 7);
  }

  @Test
  @DisplayName("never sends early for a heap without a defined max; a heartbeat reported without the after-GC figure lets the next collection at the floor send one")
  void noMax() {
    EarlyHeartbeats undefined = new EarlyHeartbeats(-1, nanos::get);
    assertThat(undefined.collected(Long.MAX_VALUE)).isFalse();
    early.reported(null);
    assertThat(early.collected(650)).as("below the 70% floor").isFalse();
    assertThat(early.collected(700)).as("at the floor, nothing reported yet").isTrue();
  }
}
