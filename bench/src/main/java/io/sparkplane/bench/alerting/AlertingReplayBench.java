package io.sparkplane.bench.alerting;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sparkplane.alerting.Alert;
import io.sparkplane.alerting.AlertingMetrics;
import io.sparkplane.alerting.SettableClock;
import io.sparkplane.alerting.config.RoutingConfig;
import io.sparkplane.alerting.config.RulesConfig;
import io.sparkplane.alerting.engine.AlertEngine;
import io.sparkplane.alerting.engine.AlertListener;
import io.sparkplane.alerting.engine.RuleNames;
import io.sparkplane.alerting.engine.RunOutcome;
import io.sparkplane.alerting.notify.Classifier;
import io.sparkplane.alerting.notify.DeliverySettings;
import io.sparkplane.alerting.notify.Notification;
import io.sparkplane.alerting.notify.NotificationRouter;
import io.sparkplane.alerting.notify.Notifier;
import io.sparkplane.alerting.notify.NotifierChannel;
import io.sparkplane.alerting.notify.WebhookConfig;
import io.sparkplane.wire.RunStatus;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Replays a synthetic fleet through the alerting engine with every built-in rule at its defaults:
 * {@code days} days of {@code runsPerDay} runs (default 3 × 100,000) over {@code tenants} tenants
 * (default 3,000, three workloads each) in 10 regions, 1% of runs failing at random plus a burst of
 * 6 failures for one tenant every 2 hours. Time is a replay clock set to each run's end; the engine
 * is ticked every 10 simulated seconds. Prints the replay speed (simulated time / wall time), the
 * alerts fired per rule, and the latency from handing the N-th failure to the engine to the
 * notifier's call (group wait 0), measured on an in-process notifier.
 *
 * <pre>
 * mvn -q -pl bench exec:exec -Dbench.main=io.sparkplane.bench.alerting.AlertingReplayBench -Dbench.args="3 100000 3000"
 * </pre>
 */
public final class AlertingReplayBench {

  private static final long DAY = 86_400_000L;
  private static final long START = 1_700_000_000_000L;

  private AlertingReplayBench() {}

  public static void main(String[] args) throws Exception {
    int days = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int runsPerDay = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    int tenants = args.length > 2 ? Integer.parseInt(args[2]) : 3_000;
    List<RunOutcome> runs = fleet(days, runsPerDay, tenants, new SplittableRandom(42));
    System.out.printf("fleet: %d runs over %d days, %d tenants, 10 regions%n", runs.size(), days, tenants);
    run(runs, true); // warm-up
    run(runs, false);
  }

  private static void run(List<RunOutcome> runs, boolean warmUp) throws Exception {
    SettableClock clock = new SettableClock(START);
    RoutingConfig routing = RoutingConfig.defaults().withGroupWait(Duration.ZERO);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AlertingMetrics metrics = new AlertingMetrics(registry);
    LatencyNotifier notifier = new LatencyNotifier();
    // the rate limit protects real receivers; a 1000x replay would only measure its waiting
    DeliverySettings delivery = new DeliverySettings(1_000_000, null, null, 1, null, null, null, 100_000);
    NotifierChannel channel =
        new NotifierChannel(
            new WebhookConfig("bench", URI.create("http://127.0.0.1:1/unused"), null, null, delivery),
            notifier, routing.repeatInterval(), Classifier.NONE, metrics, clock);
    NotificationRouter router = new NotificationRouter(routing, List.of(channel));
    Map<String, Integer> firedByRule = new TreeMap<>();
    AlertListener timed = new AlertListener() {
      @Override
      public void fired(Alert alert, long nowMs) {
        notifier.firedAt.put(alert.id() + "@" + alert.startsAtMs(), notifier.observeStart.get());
        firedByRule.merge(alert.key().rule().startsWith(RuleNames.SLO_BURN_PREFIX) ? alert.key().rule() : alert.key().rule(), 1, Integer::sum);
        router.fired(alert, nowMs);
      }

      @Override
      public void resolved(Alert alert, long nowMs) {
        router.resolved(alert, nowMs);
      }

      @Override
      public void tick(long nowMs, Collection<Alert> active) {
        router.tick(nowMs, active);
      }
    };
    AlertEngine engine = new AlertEngine(RulesConfig.defaults(), routing, clock, timed, metrics);
    long nextTick = START + 10_000;
    long wallStart = System.nanoTime();
    for (RunOutcome run : runs) {
      while (run.endTimeMs() >= nextTick) {
        clock.set(nextTick);
        engine.tick();
        nextTick += 10_000;
      }
      clock.set(run.endTimeMs());
      notifier.observeStart.set(System.nanoTime());
      engine.observe(run);
    }
    long wallNanos = System.nanoTime() - wallStart;
    router.close(Duration.ofSeconds(30));
    if (warmUp) {
      return;
    }
    long simulatedMs = runs.get(runs.size() - 1).endTimeMs() - START;
    double speedup = simulatedMs / (wallNanos / 1e6);
    System.out.printf(
        "replay: %.2f s wall for %.1f simulated days = %.0fx real time (%.0f runs/s)%n",
        wallNanos / 1e9, simulatedMs / (double) DAY, speedup, runs.size() / (wallNanos / 1e9));
    System.out.printf("alerts fired by rule: %s; active at end: %d%n", firedByRule, engine.activeCount());
    long[] lat = notifier.latencies();
    Arrays.sort(lat);
    if (lat.length > 0) {
      System.out.printf(
          "N-th failure -> notifier call (failure-burst firing, %d pages): p50 %.3f ms, p99 %.3f ms, max %.3f ms%n",
          lat.length, lat[lat.length / 2] / 1e6, lat[(int) Math.min(lat.length - 1, Math.ceil(lat.length * 0.99) - 1)] / 1e6,
          lat[lat.length - 1] / 1e6);
    }
  }

  static List<RunOutcome> fleet(int days, int runsPerDay, int tenants, SplittableRandom random) {
    int total = days * runsPerDay;
    long spacing = DAY / runsPerDay;
    List<RunOutcome> runs = new ArrayList<>(total + days * 12 * 6);
    for (int i = 0; i < total; i++) {
      long end = START + i * spacing + random.nextLong(spacing);
      int tenant = random.nextInt(tenants);
      String region = "region-" + (tenant % 10);
      String workload = "wl-" + random.nextInt(3);
      boolean failed = random.nextDouble() < 0.01;
      long duration = 60_000 + random.nextLong(240_000);
      runs.add(new RunOutcome("t-" + tenant, region, workload, "r-" + i,
          failed ? RunStatus.FAILED : RunStatus.SUCCEEDED, end, duration, end + random.nextLong(-60_000, 3_600_000)));
      if (i % (runsPerDay / 12) == 0) { // every 2 hours: one tenant fails 6 times within 5 minutes
        int victim = random.nextInt(tenants);
        for (int k = 0; k < 6; k++) {
          runs.add(new RunOutcome("t-" + victim, "region-" + (victim % 10), "wl-0", "burst-" + i + "-" + k,
              RunStatus.FAILED, end + k * 50_000L, duration, null));
        }
      }
    }
    runs.sort((a, b) -> Long.compare(a.endTimeMs(), b.endTimeMs()));
    return runs;
  }

  /** Records, for each failure-burst page, the time since the engine was handed the run that fired it. */
  private static final class LatencyNotifier implements Notifier {
    final AtomicLong observeStart = new AtomicLong();
    final Map<String, Long> firedAt = new ConcurrentHashMap<>();
    private final List<Long> latencies = new ArrayList<>();

    @Override
    public synchronized void send(Notification n) {
      long now = System.nanoTime();
      if (n.kind() == Notification.Kind.FIRING && n.alert().key().rule().equals(RuleNames.FAILURE_BURST)) {
        Long start = firedAt.get(n.alert().id() + "@" + n.alert().startsAtMs());
        if (start != null) {
          latencies.add(now - start);
        }
      }
    }

    synchronized long[] latencies() {
      return latencies.stream().mapToLong(Long::longValue).toArray();
    }
  }
}
