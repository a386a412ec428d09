package io.sparkplane.alerting.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkplane.alerting.RunRef;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A sliding window counter")
class SlidingWindowCounterTest {

  private static final long WINDOW = 600_000;

  private static RunRef run(String id, long end) {
    return new RunRef("acme", id, end);
  }

  @Test
  @DisplayName("counts a run while now - window < end time, and drops it exactly at end + window")
  void boundary() {
    SlidingWindowCounter c = new SlidingWindowCounter(WINDOW);
    c.add(run("a", 1_000), 1_000);
    assertThat(c.count(1_000 + WINDOW - 1)).isEqualTo(1);
    assertThat(c.count(1_000 + WINDOW)).isZero();
  }

  @Test
  @DisplayName("does not count a run that ended before the window, but counts late runs still inside it")
  void lateRuns() {
    SlidingWindowCounter c = new SlidingWindowCounter(WINDOW);
    long now = 10 * WINDOW;
    assertThat(c.add(run("old", now - WINDOW), now)).isFalse();
    assertThat(c.add(run("late", now - WINDOW + 1), now)).isTrue();
    assertThat(c.add(run("new", now), now)).isTrue();
    assertThat(c.count(now)).isEqualTo(2);
    assertThat(c.newest(1, now)).extracting(RunRef::runId).containsExactly("new");
    assertThat(c.count(now + 1)).isEqualTo(1);
  }

  @Test
  @DisplayName("keeps out-of-order runs in end-time order")
  void outOfOrder() {
    SlidingWindowCounter c = new SlidingWindowCounter(WINDOW);
    long now = 5 * WINDOW;
    c.add(run("b", now - 100), now);
    c.add(run("a", now - 200), now);
    c.add(run("c", now - 50), now);
    assertThat(c.newest(3, now)).extracting(RunRef::runId).containsExactly("a", "b", "c");
    assertThat(c.oldestEndMs(now)).isEqualTo(now - 200);
  }
}
