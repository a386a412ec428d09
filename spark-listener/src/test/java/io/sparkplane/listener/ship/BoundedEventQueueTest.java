package io.sparkplane.listener.ship;

import static io.sparkplane.listener.ship.TestEvents.heartbeat;
import static io.sparkplane.listener.ship.TestEvents.runEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.sparkplane.wire.TelemetryEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("BoundedEventQueue")
class BoundedEventQueueTest {

  @Test
  @DisplayName("rejects a capacity below one")
  void rejectsZeroCapacity() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new BoundedEventQueue(0))
        .withMessageContaining("capacity");
  }

  @Test
  @DisplayName("hands events out first in, first out, in batches of at most max")
  void fifoInBatches() throws InterruptedException {
    BoundedEventQueue queue = new BoundedEventQueue(10);
    for (int i = 0; i < 5; i++) {
      assertThat(queue.offer(runEvent("r" + i))).isTrue();
    }

    List<TelemetryEvent> first = new ArrayList<>();
    List<TelemetryEvent> rest = new ArrayList<>();
    assertThat(queue.drainTo(first, 3, 0)).isEqualTo(3);
    assertThat(queue.drainTo(rest, 3, 0)).isEqualTo(2);

    assertThat(runIds(first)).containsExactly("r0", "r1", "r2");
    assertThat(runIds(rest)).containsExactly("r3", "r4");
    assertThat(queue.size()).isZero();
  }

  @Test
  @DisplayName("when full, drops an incoming heartbeat and counts it")
  void fullDropsIncomingHeartbeat() {
    BoundedEventQueue queue = new BoundedEventQueue(2);
    queue.offer(runEvent("r0"));
    queue.offer(runEvent("r1"));

    assertThat(queue.offer(heartbeat("h"))).isFalse();

    assertThat(queue.size()).isEqualTo(2);
    assertThat(queue.droppedHeartbeats()).isEqualTo(1);
    assertThat(queue.droppedRunEvents()).isZero();
  }

  @Test
  @DisplayName("when full, an incoming run event evicts the oldest heartbeat and keeps the order")
  void fullRunEventEvictsOldestHeartbeat() throws InterruptedException {
    BoundedEventQueue queue = new BoundedEventQueue(4);
    queue.offer(runEvent("r0"));
    queue.offer(heartbeat("h1"));
    queue.offer(runEvent("r2"));
    queue.offer(heartbeat("h3"));

    assertThat(queue.offer(runEvent("r4"))).isTrue();

    assertThat(queue.droppedHeartbeats()).isEqualTo(1);
    assertThat(queue.droppedRunEvents()).isZero();
    assertThat(runIds(drainAll(queue))).containsExactly("r0", "r2", "h3", "r4");
  }

  @Test
  @DisplayName("when full of run events, drops an incoming run event and counts it")
  void fullOfRunEventsDropsRunEvent() throws InterruptedException {
    BoundedEventQueue queue = new BoundedEventQueue(2);
    queue.offer(runEvent("r0"));
    queue.offer(runEvent("r1"));

    assertThat(queue.offer(runEvent("r2"))).isFalse();
    assertThat(queue.offer(runEvent("r3"))).isFalse();

    assertThat(queue.droppedRunEvents()).isEqualTo(2);
    assertThat(queue.droppedHeartbeats()).isZero();
    assertThat(runIds(drainAll(queue))).containsExactly("r0", "r1");
  }

  @Test
  @DisplayName("puts a requeued batch back at the head, in its order")
  void requeueAtHeadInOrder() throws InterruptedException {
    BoundedEventQueue queue = new BoundedEventQueue(10);
    for (int i = 0; i < 4; i++) {
      queue.offer(runEvent("r" + i));
    }
    List<TelemetryEvent> batch = new ArrayList<>();
    queue.drainTo(batch, 2, 0);
    queue.offer(runEvent("r4"));

    queue.requeueFirst(batch);

    assertThat(runIds(drainAll(queue))).containsExactly("r0", "r1", "r2", "r3", "r4");
    assertThat(queue.droppedRunEvents()).isZero();
  }

  @Test
  @DisplayName("never evicts run events on requeue: the queue overshoots by at most the batch")
  void requeueOverflowKeepsRunEvents() throws InterruptedException {
    BoundedEventQueue queue = new BoundedEventQueue(3);
    for (int i = 0; i < 3; i++) {
      queue.offer(runEvent("r" + i));
    }
    List<TelemetryEvent> batch = new ArrayList<>();
    queue.drainTo(batch, 2, 0);
    // While the batch is out for delivery, new events fill the queue again.
    queue.offer(runEvent("r3"));
    queue.offer(runEvent("r4"));

    queue.requeueFirst(batch);

    assertThat(queue.size()).isEqualTo(5);
    assertThat(queue.droppedRunEvents()).isZero();
    assertThat(runIds(drainAll(queue))).containsExactly("r0", "r1", "r2", "r3", "r4");
  }

  @Test
  @DisplayName("on requeue overflow, drops heartbeats before run events, as offer does")
  void requeueOverflowDropsHeartbeatsFirst() throws InterruptedException {
    BoundedEventQueue queue = new BoundedEventQueue(3);
    queue.offer(runEvent("r0"));
    queue.offer(heartbeat("h1"));
    List<TelemetryEvent> batch = new ArrayList<>();
    queue.drainTo(batch, 1, 0);
    queue.offer(heartbeat("h2"));
    queue.offer(runEvent("r3"));

    queue.requeueFirst(batch);

    assertThat(queue.droppedRunEvents()).isZero();
    assertThat(runIds(drainAll(queue))).containsExactly("r0", "h2", "r3");
  }

  @Test
  @DisplayName("records the highest fill level, which draining does not lower")
  void highWaterMark() throws InterruptedException {
    BoundedEventQueue queue = new BoundedEventQueue(10);
    for (int i = 0; i < 7; i++) {
      queue.offer(runEvent("r" + i));
    }
    drainAll(queue);
    queue.offer(runEvent("r7"));

    assertThat(queue.highWaterMark()).isEqualTo(7);
    assertThat(queue.size()).isEqualTo(1);
  }

  @Test
  @DisplayName("does not wait when asked for no wait and nothing is queued")
  void noWaitOnEmpty() throws InterruptedException {
    BoundedEventQueue queue = new BoundedEventQueue(1);
    List<TelemetryEvent> out = new ArrayList<>();

    int n = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> queue.drainTo(out, 1, 0));

    assertThat(n).isZero();
    assertThat(out).isEmpty();
  }

  @Test
  @DisplayName("wakes a waiting consumer as soon as an event is offered")
  void drainWakesOnOffer() {
    BoundedEventQueue queue = new BoundedEventQueue(4);
    CountDownLatch waiting = new CountDownLatch(1);
    List<TelemetryEvent> out = new ArrayList<>();

    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> {
          Thread consumer =
              new Thread(
                  () -> {
                    waiting.countDown();
                    try {
                      // Far longer than the test's timeout: only the offer can end the wait in time.
                      queue.drainTo(out, 4, TimeUnit.MINUTES.toMillis(5));
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  });
          consumer.start();
          waiting.await();
          // The consumer may not be in wait() yet; an event queued before it waits is drained too.
          queue.offer(runEvent("r0"));
          consumer.join();
        });

    assertThat(runIds(out)).containsExactly("r0");
  }

  private static List<TelemetryEvent> drainAll(BoundedEventQueue queue) throws InterruptedException {
    List<TelemetryEvent> out = new ArrayList<>();
    queue.drainTo(out, Integer.MAX_VALUE, 0);
    return out;
  }

  private static List<String> runIds(List<TelemetryEvent> events) {
    return events.stream().map(e -> e.run().runId()).toList();
  }
}
