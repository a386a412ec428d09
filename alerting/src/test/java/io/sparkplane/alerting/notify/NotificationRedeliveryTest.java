package io.sparkplane.alerting.notify;

import static io.sparkplane.alerting.testing.Runs.failed;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sparkplane.alerting.AlertState;
import io.sparkplane.alerting.AlertingMetrics;
import io.sparkplane.alerting.Scope;
import io.sparkplane.alerting.SettableClock;
import io.sparkplane.alerting.config.FailureBurstSettings;
import io.sparkplane.alerting.config.RoutingConfig;
import io.sparkplane.alerting.config.RulesConfig;
import io.sparkplane.alerting.config.RuntimeDriftSettings;
import io.sparkplane.alerting.config.SlaDeadlineSettings;
import io.sparkplane.alerting.config.SuccessRateSloSettings;
import io.sparkplane.alerting.engine.AlertEngine;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Pages given up while the notifier is down")
class NotificationRedeliveryTest {

  private static final long T0 = 1_700_000_000_000L;
  private static final long MIN = 60_000;
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String ACME = "failure-burst:tenant=acme";

  private final SettableClock clock = new SettableClock(T0);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AlertingMetrics metrics = new AlertingMetrics(registry);
  private final List<NotificationRouter> routers = new ArrayList<>();
  private final List<NotifierChannel> channels = new ArrayList<>();

  /** Refuses everything (retryable, like a 503 or a refused connection) while down; records what it accepted. */
  private static final class FlakyNotifier implements Notifier {
    volatile boolean down;
    volatile Duration retryAfter;
    /** Refuses this many first attempts even when up. */
    volatile int failFirst;
    /** When set, the first attempt waits for it: a page provably in flight meanwhile. */
    volatile CountDownLatch holdFirstAttempt;
    final AtomicInteger attempts = new AtomicInteger();
    final List<Long> attemptNanos = new CopyOnWriteArrayList<>();
    final List<Notification> accepted = new CopyOnWriteArrayList<>();

    @Override
    public void send(Notification n) {
      int attempt = attempts.incrementAndGet();
      attemptNanos.add(System.nanoTime());
      CountDownLatch hold = holdFirstAttempt;
      if (attempt == 1 && hold != null) {
        try {
          hold.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (down || attempt <= failFirst) {
        throw new NotifierException("answered 429", true, retryAfter);
      }
      accepted.add(n);
    }

    List<String> log() {
      return accepted.stream().map(n -> n.kind().label() + " " + n.alert().id()).toList();
    }
  }

  private static RulesConfig tenantBurstOnly() {
    return new RulesConfig(
        new FailureBurstSettings(true, 5, Duration.ofMinutes(10), List.of(Scope.TENANT), null),
        new SuccessRateSloSettings(false, null, null, null, null, null),
        new SlaDeadlineSettings(false, null, null, null, null),
        new RuntimeDriftSettings(false, null, null, null, null, null, null));
  }

  /** 3 attempts, 20 ms doubling to 100 ms: a page is given up about 60 ms after it was queued. */
  private NotifierChannel channel(String name, Notifier notifier, Duration initial, Duration max) {
    WebhookConfig config =
        new WebhookConfig(
            name, URI.create("http://127.0.0.1:1/unused"), null, null,
            new DeliverySettings(1000, null, null, 3, initial, max, Duration.ofSeconds(1), null));
    NotifierChannel c =
        new NotifierChannel(config, notifier, Duration.ofHours(4), Classifier.NONE, metrics, clock);
    channels.add(c);
    return c;
  }

  private AlertEngine engine(RoutingConfig routing, NotifierChannel channel) {
    NotificationRouter router = new NotificationRouter(routing, List.of(channel));
    routers.add(router);
    return new AlertEngine(tenantBurstOnly(), routing, clock, router, metrics);
  }

  private static RoutingConfig routing() {
    return RoutingConfig.defaults().withGroupWait(Duration.ZERO).withRepeatInterval(Duration.ofHours(4)).withHoldDown(Duration.ZERO);
  }

  private void burst(AlertEngine engine, String tenant, long start, int n) {
    for (int i = 0; i < n; i++) {
      clock.set(start + i);
      engine.observe(failed(tenant, "eu", start + i));
    }
  }

  private double givenUp(String notifier) {
    Counter c = registry.find("sparkplane.alert.notify.failures").tag("notifier", notifier).tag("reason", "error").counter();
    return c == null ? 0 : c.count();
  }

  private void awaitGivenUp(String notifier, double n) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (givenUp(notifier) < n && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(givenUp(notifier)).as("pages given up by %s", notifier).isGreaterThanOrEqualTo(n);
  }

  @AfterEach
  void close() {
    routers.forEach(r -> r.close(WAIT));
  }

  @Test
  @DisplayName("a page given up while the notifier was down is sent once it recovers: exactly one page, no duplicate, no stampede")
  void giveUpThenRecovery() throws Exception {
    FlakyNotifier pager = new FlakyNotifier();
    pager.down = true;
    pager.holdFirstAttempt = new CountDownLatch(1);
    AlertEngine engine = engine(routing(), channel("pager", pager, Duration.ofMillis(20), Duration.ofMillis(100)));

    burst(engine, "acme", T0, 5);
    for (int i = 1; i <= 30; i++) { // evaluation ticks while the first page is still in flight
      clock.set(T0 + i * 100);
      engine.tick();
    }
    pager.holdFirstAttempt.countDown();
    awaitGivenUp("pager", 1);
    assertThat(pager.attempts.get()).as("attempts: one page in flight, not one per tick").isEqualTo(3);
    assertThat(pager.accepted).isEmpty();

    pager.down = false;
    long now = T0 + 5_000;
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (pager.accepted.isEmpty() && System.nanoTime() < deadline) { // later ticks re-submit it
      clock.set(now += 100);
      engine.tick();
      Thread.sleep(5);
    }
    assertThat(pager.log()).as("pages after recovery").containsExactly("firing " + ACME);

    clock.set(now += 1_000);
    engine.observe(failed("acme", "eu", now)); // a 6th failure: the same key, still firing
    for (int i = 0; i < 50; i++) {
      clock.set(now += 100);
      engine.tick();
    }
    routers.get(0).close(WAIT);
    assertThat(pager.log()).as("pages once the queue is flushed").containsExactly("firing " + ACME);
    assertThat(pager.accepted.get(0).alert().state()).isEqualTo(AlertState.FIRING);
    assertThat(registry.get("sparkplane.alert.notifications").tag("notifier", "pager").tag("kind", "firing").counter().count())
        .isEqualTo(1);
  }

  @Test
  @DisplayName("an alert whose page was given up and that resolves before the notifier recovers pages no one, resolve included")
  void givenUpThenResolved() throws Exception {
    FlakyNotifier pager = new FlakyNotifier();
    pager.down = true;
    AlertEngine engine = engine(routing(), channel("pager", pager, Duration.ofMillis(20), Duration.ofMillis(100)));
    burst(engine, "acme", T0, 5);
    awaitGivenUp("pager", 1);
    // the outcome reaches the router just after the failure is counted
    NotifierFixtures.awaitPage(routers.get(0), ACME, "pager", NotificationRouter.PageState.GIVEN_UP);
    pager.down = false;
    clock.set(T0 + 11 * MIN); // the failures left the window; hold-down 0: resolved
    engine.tick();
    assertThat(engine.recent()).extracting(a -> a.id()).contains(ACME);
    clock.set(T0 + 12 * MIN);
    engine.tick();
    routers.get(0).close(WAIT);
    assertThat(pager.accepted).isEmpty();
  }

  @Test
  @DisplayName("a resolve follows a firing page still being retried, in order, and nothing is sent twice")
  void resolveWhilePending() throws Exception {
    FlakyNotifier pager = new FlakyNotifier();
    pager.down = true;
    pager.retryAfter = Duration.ofMillis(300);
    AlertEngine engine = engine(routing(), channel("pager", pager, Duration.ofMillis(20), Duration.ofSeconds(1)));
    burst(engine, "acme", T0, 5);
    clock.set(T0 + 11 * MIN);
    engine.tick(); // resolved while the firing page waits out the receiver's Retry-After
    pager.down = false;
    routers.get(0).close(WAIT);
    assertThat(pager.log()).containsExactly("firing " + ACME, "resolved " + ACME);
  }

  @Test
  @DisplayName("waits the receiver's Retry-After when it is longer than the backoff, capped by maxBackoff")
  void retryAfterHonoured() throws Exception {
    FlakyNotifier slow = new FlakyNotifier();
    slow.down = true;
    slow.retryAfter = Duration.ofMillis(400);
    NotifierChannel channel = channel("slow", slow, Duration.ofMillis(20), Duration.ofSeconds(2));
    CompletableFuture<Boolean> outcome = channel.submit(Notification.Kind.FIRING, NotifierFixtures.burst("acme", AlertState.FIRING), T0);
    assertThat(outcome.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("accepted").isFalse();
    assertThat(gapsMs(slow)).hasSize(2).allSatisfy(gap -> assertThat(gap).isBetween(395L, 2_000L));

    FlakyNotifier greedy = new FlakyNotifier();
    greedy.failFirst = 2;
    greedy.retryAfter = Duration.ofHours(1);
    NotifierChannel capped = channel("greedy", greedy, Duration.ofMillis(20), Duration.ofMillis(150));
    long started = System.nanoTime();
    CompletableFuture<Boolean> cappedOutcome = capped.submit(Notification.Kind.FIRING, NotifierFixtures.burst("acme", AlertState.FIRING), T0);
    assertThat(cappedOutcome.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("accepted within the cap").isTrue();
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(5_000);
    assertThat(gapsMs(greedy)).hasSize(2).allSatisfy(gap -> assertThat(gap).isBetween(145L, 2_000L));
    channels.forEach(c -> c.close(WAIT));
  }

  private static List<Long> gapsMs(FlakyNotifier n) {
    List<Long> gaps = new ArrayList<>();
    for (int i = 1; i < n.attemptNanos.size(); i++) {
      gaps.add(TimeUnit.NANOSECONDS.toMillis(n.attemptNanos.get(i) - n.attemptNanos.get(i - 1)));
    }
    return gaps;
  }
}
