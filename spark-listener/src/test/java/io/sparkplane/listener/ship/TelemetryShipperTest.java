package io.sparkplane.listener.ship;

import static io.sparkplane.listener.ship.TestEvents.runEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.sparkplane.wire.TelemetryEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The shipper with the real HTTP transport against a scripted collector on loopback. */
@DisplayName("TelemetryShipper")
class TelemetryShipperTest {

  private static final Duration TEST_TIMEOUT = Duration.ofSeconds(30);

  private final AtomicLong droppedReported = new AtomicLong();
  private final List<AutoCloseable> cleanup = new ArrayList<>();

  @AfterEach
  void cleanUp() throws Exception {
    for (int i = cleanup.size() - 1; i >= 0; i--) {
      cleanup.get(i).close();
    }
  }

  @Test
  @DisplayName("with the collector down, accept never blocks and close gives up at the first failure")
  void collectorDown() {
    assertTimeoutPreemptively(
        TEST_TIMEOUT,
        () -> {
          TelemetryShipper shipper =
              shipper(ScriptedCollector.urlOf(ScriptedCollector.closedPort()), config(100, 10));

          assertTimeoutPreemptively(
              Duration.ofSeconds(5),
              () -> {
                for (int i = 0; i < 1000; i++) {
                  shipper.accept(runEvent("r" + i));
                }
              },
              "accept() blocked");
          long closeNanos = timeClose(shipper, Duration.ofSeconds(5));

          assertThat(Duration.ofNanos(closeNanos))
              .as("close(5s) with a dead collector")
              .isLessThan(Duration.ofSeconds(2));
          assertThat(shipper.deliveredEvents()).isZero();
          assertThat(shipper.droppedEvents()).isEqualTo(1000);
          assertThat(droppedReported).hasValue(shipper.droppedEvents());
          // A batch that failed delivery goes back to the head: capacity plus at most one batch.
          assertThat(shipper.queueHighWaterMark()).isBetween(100, 110);
        });
  }

  @Test
  @DisplayName("retries through 5xx answers and then delivers every event once, in order")
  void retriesServerErrors() {
    assertTimeoutPreemptively(
        TEST_TIMEOUT,
        () -> {
          int failures = 3;
          ScriptedCollector collector = collector((n, batch) -> n < failures ? 500 : 200);
          TelemetryShipper shipper = shipper(collector.url(), config(100, 5));
          List<String> sent = new ArrayList<>();

          for (int i = 0; i < 20; i++) {
            sent.add("r" + i);
            shipper.accept(runEvent("r" + i));
          }

          assertThat(collector.awaitAcknowledged(20, 20, TimeUnit.SECONDS)).isTrue();
          // The collector stores a batch before its answer reaches the shipper; closing in between
          // would resend it (at-least-once), so wait for the shipper to see every answer.
          awaitTrue(() -> shipper.deliveredEvents() == 20, "20 events delivered");
          shipper.close(Duration.ofSeconds(5));

          assertThat(runIds(collector.acknowledged())).containsExactlyElementsOf(sent);
          assertThat(shipper.failedAttempts()).isGreaterThanOrEqualTo(failures);
          assertThat(collector.requests()).isGreaterThan(failures);
          assertThat(shipper.droppedEvents()).isZero();
        });
  }

  @Test
  @DisplayName("with a collector that hangs, accept stays non-blocking and close keeps to its timeout")
  void slowCollector() {
    assertTimeoutPreemptively(
        TEST_TIMEOUT,
        () -> {
          CountDownLatch release = new CountDownLatch(1);
          cleanup.add(release::countDown);
          ScriptedCollector collector =
              collector(
                  (n, batch) -> {
                    // Stands for a collector taking 10 s per request; the test releases it at the end.
                    release.await(10, TimeUnit.SECONDS);
                    return 200;
                  });
          TelemetryShipper shipper =
              new TelemetryShipper(
                  new HttpTelemetryTransport(collector.url(), null, Duration.ofSeconds(5)),
                  new TelemetryShipper.Config(
                      100, 10, Duration.ofSeconds(30), Duration.ofMillis(10), Duration.ofMillis(100)),
                  droppedReported::addAndGet);
          cleanup.add(shipper);

          shipper.accept(runEvent("first"));
          assertThat(collector.awaitFirstRequest(10, TimeUnit.SECONDS)).isTrue();
          assertTimeoutPreemptively(
              Duration.ofSeconds(5),
              () -> {
                for (int i = 0; i < 1000; i++) {
                  shipper.accept(runEvent("r" + i));
                }
              },
              "accept() blocked");
          long closeNanos = timeClose(shipper, Duration.ofSeconds(1));

          assertThat(Duration.ofNanos(closeNanos))
              .as("close(1s) with a collector that takes 10 s")
              .isLessThan(Duration.ofMillis(2500));
          assertThat(shipper.deliveredEvents()).isZero();
          assertThat(shipper.droppedEvents()).isEqualTo(1001);
          assertThat(droppedReported).hasValue(shipper.droppedEvents());
        });
  }

  @Test
  @DisplayName("delivers the events queued while the collector was down once it comes back")
  void collectorComesBack() {
    assertTimeoutPreemptively(
        TEST_TIMEOUT,
        () -> {
          int port = ScriptedCollector.closedPort();
          TelemetryShipper shipper = shipper(ScriptedCollector.urlOf(port), config(100, 10));
          List<String> sent = new ArrayList<>();
          for (int i = 0; i < 25; i++) {
            sent.add("r" + i);
            shipper.accept(runEvent("r" + i));
          }
          awaitTrue(() -> shipper.failedAttempts() >= 3, "three failed attempts");

          ScriptedCollector collector = ScriptedCollector.startOn(port, (n, batch) -> 200);
          cleanup.add(collector);

          assertThat(collector.awaitAcknowledged(25, 20, TimeUnit.SECONDS)).isTrue();
          awaitTrue(() -> shipper.deliveredEvents() == 25, "25 events delivered");
          shipper.close(Duration.ofSeconds(5));

          assertThat(runIds(collector.acknowledged())).containsExactlyElementsOf(sent);
          assertThat(shipper.failedAttempts()).isGreaterThanOrEqualTo(3);
          assertThat(shipper.droppedEvents()).isZero();
        });
  }

  @Test
  @DisplayName("drops a batch the collector rejects with 400 instead of retrying it, and goes on")
  void rejectedBatchIsDropped() {
    assertTimeoutPreemptively(
        TEST_TIMEOUT,
        () -> {
          ScriptedCollector collector =
              collector((n, batch) -> runIds(batch).contains("poison") ? 400 : 200);
          CountDownLatch droppedOnce = new CountDownLatch(1);
          TelemetryShipper shipper =
              new TelemetryShipper(
                  new HttpTelemetryTransport(collector.url(), null, Duration.ofSeconds(5)),
                  config(100, 10),
                  n -> {
                    droppedReported.addAndGet(n);
                    droppedOnce.countDown();
                  });
          cleanup.add(shipper);

          shipper.accept(runEvent("poison"));
          assertThat(droppedOnce.await(10, TimeUnit.SECONDS)).isTrue();
          shipper.accept(runEvent("good"));
          assertThat(collector.awaitAcknowledged(1, 10, TimeUnit.SECONDS)).isTrue();

          assertThat(collector.received())
              .filteredOn(batch -> runIds(batch).contains("poison"))
              .hasSize(1);
          assertThat(runIds(collector.acknowledged())).containsExactly("good");
          assertThat(droppedReported).hasValue(1);
          assertThat(shipper.droppedEvents()).isEqualTo(1);
        });
  }

  @Test
  @DisplayName("delivers at close a batch that was waiting to be retried when close began")
  void closeFlushesBatchInBackoff() {
    assertTimeoutPreemptively(
        TEST_TIMEOUT,
        () -> {
          AtomicBoolean up = new AtomicBoolean();
          ScriptedCollector collector = collector((n, batch) -> up.get() ? 200 : 503);
          // A long backoff pins the worker in its retry wait when close() interrupts it.
          TelemetryShipper shipper =
              shipper(
                  collector.url(),
                  new TelemetryShipper.Config(
                      100, 10, Duration.ofSeconds(5), Duration.ofMinutes(1), Duration.ofMinutes(2)));

          shipper.accept(runEvent("r0"));
          awaitTrue(() -> shipper.failedAttempts() >= 1, "a failed attempt");
          up.set(true);
          shipper.close(Duration.ofSeconds(5));

          assertThat(runIds(collector.acknowledged())).containsExactly("r0");
          assertThat(shipper.deliveredEvents()).isEqualTo(1);
          assertThat(shipper.droppedEvents()).isZero();
        });
  }

  @Test
  @DisplayName("counts as dropped a batch whose send fails with a runtime exception")
  void runtimeFailureIsCounted() {
    assertTimeoutPreemptively(
        TEST_TIMEOUT,
        () -> {
          CountDownLatch attempted = new CountDownLatch(1);
          TelemetryShipper shipper =
              new TelemetryShipper(
                  (batch, timeout) -> {
                    attempted.countDown();
                    throw new IllegalArgumentException("invalid URI scheme localhost");
                  },
                  config(100, 10),
                  droppedReported::addAndGet);
          cleanup.add(shipper);

          shipper.accept(runEvent("r0"));
          assertThat(attempted.await(10, TimeUnit.SECONDS)).isTrue();
          shipper.close(Duration.ofSeconds(1));

          assertThat(shipper.deliveredEvents()).isZero();
          assertThat(shipper.droppedEvents()).isEqualTo(1);
          assertThat(droppedReported).hasValue(1);
        });
  }

  @Test
  @DisplayName("counts the events a requeue at close pushes out of a full queue")
  void requeueOverflowIsCounted() {
    assertTimeoutPreemptively(
        TEST_TIMEOUT,
        () -> {
          CountDownLatch release = new CountDownLatch(1);
          cleanup.add(release::countDown);
          ScriptedCollector collector =
              collector(
                  (n, batch) -> {
                    release.await(10, TimeUnit.SECONDS);
                    return 200;
                  });
          TelemetryShipper shipper = shipper(collector.url(), config(10, 10));

          shipper.accept(runEvent("in-flight"));
          assertThat(collector.awaitFirstRequest(10, TimeUnit.SECONDS)).isTrue();
          for (int i = 0; i < 10; i++) {
            shipper.accept(runEvent("r" + i));
          }
          shipper.accept(runEvent("finished"));
          shipper.close(Duration.ofMillis(500));

          assertThat(shipper.deliveredEvents() + shipper.droppedEvents()).isEqualTo(12);
          assertThat(droppedReported).hasValue(shipper.droppedEvents());
        });
  }

  private static TelemetryShipper.Config config(int capacity, int batchMaxEvents) {
    return new TelemetryShipper.Config(
        capacity,
        batchMaxEvents,
        Duration.ofSeconds(5),
        Duration.ofMillis(10),
        Duration.ofMillis(100));
  }

  private TelemetryShipper shipper(String url, TelemetryShipper.Config config) {
    TelemetryShipper shipper =
        new TelemetryShipper(
            new HttpTelemetryTransport(url, null, Duration.ofSeconds(2)),
            config,
            droppedReported::addAndGet);
    cleanup.add(shipper);
    return shipper;
  }

  private ScriptedCollector collector(ScriptedCollector.Script script) throws Exception {
    ScriptedCollector collector = ScriptedCollector.start(script);
    cleanup.add(collector);
    return collector;
  }

  private static long timeClose(TelemetryShipper shipper, Duration timeout) {
    long t0 = System.nanoTime();
    shipper.close(timeout);
    return System.nanoTime() - t0;
  }

  /** Polls a condition the shipper offers no signal for; bounded by the test's own timeout. */
  private static void awaitTrue(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }

  private static List<String> runIds(List<TelemetryEvent> events) {
    return events.stream().map(e -> e.run().runId()).toList();
  }
}
