package io.sparkplane.alerting.notify;

import static io.sparkplane.alerting.testing.Runs.failed;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sparkplane.alerting.AlertingMetrics;
import io.sparkplane.alerting.Scope;
import io.sparkplane.alerting.config.FailureBurstSettings;
import io.sparkplane.alerting.config.RoutingConfig;
import io.sparkplane.alerting.config.RulesConfig;
import io.sparkplane.alerting.config.RuntimeDriftSettings;
import io.sparkplane.alerting.config.SlaDeadlineSettings;
import io.sparkplane.alerting.config.SuccessRateSloSettings;
import io.sparkplane.alerting.engine.AlertEngine;
import io.sparkplane.alerting.testing.RecordingNotifier;
import io.sparkplane.alerting.SettableClock;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Notification routing")
class NotificationRoutingTest {

  private static final long T0 = 1_700_000_000_000L;
  private static final long MIN = 60_000;
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final SettableClock clock = new SettableClock(T0);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AlertingMetrics metrics = new AlertingMetrics(registry);
  private final List<NotificationRouter> routers = new ArrayList<>();

  private static RulesConfig tenantBurstOnly() {
    return new RulesConfig(
        new FailureBurstSettings(true, 5, Duration.ofMinutes(10), List.of(Scope.TENANT), null),
        new SuccessRateSloSettings(false, null, null, null, null, null),
        new SlaDeadlineSettings(false, null, null, null, null),
        new RuntimeDriftSettings(false, null, null, null, null, null, null));
  }

  private static WebhookConfig webhook(String name, URI url) {
    return new WebhookConfig(
        name, url, null, null, new DeliverySettings(100, null, null, 3, Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(1), null));
  }

  private AlertEngine engine(RoutingConfig routing, List<NotifierChannel> channels) {
    NotificationRouter router = new NotificationRouter(routing, channels);
    routers.add(router);
    return new AlertEngine(tenantBurstOnly(), routing, clock, router, metrics);
  }

  private NotifierChannel channel(String name, Notifier notifier, RoutingConfig routing) {
    return new NotifierChannel(
        webhook(name, URI.create("http://127.0.0.1:1/unused")), notifier, routing.repeatInterval(), Classifier.NONE, metrics, clock);
  }

  private void burst(AlertEngine engine, String tenant, long start, int n) {
    for (int i = 0; i < n; i++) {
      clock.set(start + i);
      engine.observe(failed(tenant, "eu", start + i));
    }
  }

  @AfterEach
  void close() {
    routers.forEach(NotificationRouter::close);
  }

  @Test
  @DisplayName("sends one page per alert key while it fires, repeats after the repeat interval, and one resolve")
  void dedupRepeatResolve() throws Exception {
    RoutingConfig routing =
        RoutingConfig.defaults().withGroupWait(Duration.ZERO).withRepeatInterval(Duration.ofHours(1)).withHoldDown(Duration.ofMinutes(2));
    RecordingNotifier receiver = new RecordingNotifier();
    AlertEngine engine = engine(routing, List.of(channel("rec", receiver, routing)));

    burst(engine, "acme", T0, 12); // 12 failures: one alert key, one page
    assertThat(receiver.await(1, WAIT)).hasSize(1);
    clock.set(T0 + 30 * MIN);
    engine.tick(); // window drained at T0+10m: holding now, no page
    burst(engine, "acme", T0 + 31 * MIN, 5); // breach again within the hold-down
    clock.set(T0 + 59 * MIN);
    engine.tick();
    routers.get(0).close(WAIT); // flush the queue before counting
    assertThat(receiver.received).extracting(Notification::kind).containsExactly(Notification.Kind.FIRING);

    RecordingNotifier receiver2 = new RecordingNotifier();
    AlertEngine engine2 = engine(routing, List.of(channel("rec2", receiver2, routing)));
    burst(engine2, "acme", T0, 5);
    clock.set(T0 + 5 * MIN);
    engine2.tick();
    burst(engine2, "beta", T0 + 60 * MIN, 5);
    assertThat(receiver2.await(2, WAIT)).hasSize(2); // repeats follow an accepted page only
    // the channel records the acceptance just after the receiver has the page
    NotifierFixtures.awaitPage(routers.get(1), "failure-burst:tenant=beta", "rec2", NotificationRouter.PageState.ACCEPTED);
    for (long m = 61; m <= 125; m++) { // keep beta firing for over an hour
      clock.set(T0 + m * MIN);
      engine2.observe(failed("beta", "eu", T0 + m * MIN));
      engine2.tick();
    }
    routers.get(1).close(WAIT);
    List<String> log =
        receiver2.received.stream().map(n -> n.kind().label() + " " + n.alert().id()).toList();
    assertThat(log)
        .containsExactly(
            "firing failure-burst:tenant=acme",
            "firing failure-burst:tenant=beta",
            "resolved failure-burst:tenant=acme", // drained at T0+10m, seen at T0+61m, held down 2m
            "repeat failure-burst:tenant=beta"); // an hour after its page, still firing
    assertThat(registry.get("sparkplane.alert.notifications").tag("notifier", "rec2").tag("kind", "repeat").counter().count())
        .isEqualTo(1);
  }

  @Test
  @DisplayName("waits the group wait before the first page, and pages no one for an alert that resolved within it")
  void groupWait() throws Exception {
    RoutingConfig routing =
        RoutingConfig.defaults().withGroupWait(Duration.ofSeconds(30)).withHoldDown(Duration.ZERO);
    RecordingNotifier receiver = new RecordingNotifier();
    AlertEngine engine = engine(routing, List.of(channel("rec", receiver, routing)));
    burst(engine, "acme", T0, 5);
    clock.set(T0 + 29_000);
    engine.tick();
    Thread.sleep(50); // give a wrongly queued notification the chance to arrive
    assertThat(receiver.received).isEmpty();
    clock.set(T0 + 30_004);
    engine.tick();
    assertThat(receiver.await(1, WAIT)).hasSize(1);

    long now = T0 + 40 * MIN;
    clock.set(now);
    for (int i = 0; i < 5; i++) { // reported late: they leave the window 5 s from now
      engine.observe(failed("beta", "eu", now - 10 * MIN + 5_000));
    }
    assertThat(engine.active()).extracting(a -> a.id()).contains("failure-burst:tenant=beta");
    clock.set(now + 5_000);
    engine.tick(); // drained, hold-down 0: resolved within the group wait
    assertThat(engine.recent()).extracting(a -> a.id()).contains("failure-burst:tenant=beta");
    clock.set(now + 60_000);
    engine.tick();
    routers.get(0).close(WAIT);
    assertThat(receiver.received)
        .extracting(n -> n.kind().label() + " " + n.alert().id())
        .containsExactly("firing failure-burst:tenant=acme", "resolved failure-burst:tenant=acme");
  }

  @Test
  @DisplayName("a notifier at a dead port neither stalls evaluation nor the other notifiers, and its failures are counted")
  void deadNotifier() throws Exception {
    int deadPort;
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      deadPort = s.getLocalPort();
    }
    RoutingConfig routing = RoutingConfig.defaults().withGroupWait(Duration.ZERO);
    WebhookConfig deadConfig = webhook("dead", URI.create("http://127.0.0.1:" + deadPort + "/hook"));
    NotifierChannel dead =
        new NotifierChannel(deadConfig, NotifierBuilders.build(deadConfig), routing.repeatInterval(), Classifier.NONE, metrics, clock);
    RecordingNotifier receiver = new RecordingNotifier();
    AlertEngine engine = engine(routing, List.of(dead, channel("rec", receiver, routing)));

    long started = System.nanoTime();
    for (int t = 0; t < 50; t++) { // 50 tenants, 50 alerts
      burst(engine, "tenant-" + t, T0 + t * 10, 5);
    }
    long elapsedMs = (System.nanoTime() - started) / 1_000_000;
    assertThat(elapsedMs).as("evaluation never waits for a notifier").isLessThan(2_000);
    assertThat(engine.activeCount()).isEqualTo(50);
    assertThat(receiver.await(50, WAIT)).hasSize(50);
    routers.get(0).close(WAIT);
    double failures = registry.get("sparkplane.alert.notify.failures").tag("notifier", "dead").tag("reason", "error").counter().count();
    double dropped = registry.get("sparkplane.alert.notify.failures").tag("notifier", "dead").tag("reason", "queue_full").counter().count();
    assertThat(failures).isGreaterThan(0);
    assertThat(failures + dropped).isLessThanOrEqualTo(50);
  }
}
