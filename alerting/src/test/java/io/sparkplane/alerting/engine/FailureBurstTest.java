package io.sparkplane.alerting.engine;

import static io.sparkplane.alerting.testing.Runs.failed;
import static io.sparkplane.alerting.testing.Runs.outcome;
import static io.sparkplane.alerting.testing.Runs.succeeded;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sparkplane.alerting.Alert;
import io.sparkplane.alerting.AlertState;
import io.sparkplane.alerting.AlertingMetrics;
import io.sparkplane.alerting.Level;
import io.sparkplane.alerting.config.FailureBurstSettings;
import io.sparkplane.alerting.config.RoutingConfig;
import io.sparkplane.alerting.config.RulesConfig;
import io.sparkplane.alerting.config.RuntimeDriftSettings;
import io.sparkplane.alerting.config.SlaDeadlineSettings;
import io.sparkplane.alerting.config.SuccessRateSloSettings;
import io.sparkplane.alerting.testing.RecordingListener;
import io.sparkplane.alerting.SettableClock;
import io.sparkplane.wire.RunStatus;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The failure-burst rule")
class FailureBurstTest {

  private static final long T0 = 1_700_000_000_000L;
  private static final long MIN = 60_000;
  private static final Duration HOLD = Duration.ofMinutes(2);

  private final SettableClock clock = new SettableClock(T0);
  private final RecordingListener listener = new RecordingListener();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private AlertEngine engine;

  /** Only the burst rule, so the transitions seen are its own. */
  static RulesConfig burstOnly() {
    return new RulesConfig(
        FailureBurstSettings.defaults(),
        new SuccessRateSloSettings(false, null, null, null, null, null),
        new SlaDeadlineSettings(false, null, null, null, null),
        new RuntimeDriftSettings(false, null, null, null, null, null, null));
  }

  @BeforeEach
  void setUp() {
    engine =
        new AlertEngine(
            burstOnly(), RoutingConfig.defaults().withHoldDown(HOLD), clock, listener, new AlertingMetrics(registry));
  }

  private void failAt(String tenant, String region, long endMs) {
    clock.set(Math.max(clock.millis(), endMs));
    engine.observe(failed(tenant, region, endMs));
  }

  @Test
  @DisplayName("fires at exactly the 5th failure within 10 minutes, not at the 4th")
  void exactlyAtThreshold() {
    for (int i = 0; i < 4; i++) {
      failAt("acme", "eu-west-1", T0 + i * MIN);
    }
    assertThat(listener.fired).isEmpty();
    failAt("acme", "eu-west-1", T0 + 4 * MIN);
    assertThat(listener.firedIds())
        .containsExactly(
            "failure-burst:tenant=acme", "failure-burst:region=eu-west-1", "failure-burst:global");
    Alert tenant = listener.fired.get(0);
    assertThat(tenant.level()).isEqualTo(Level.CRITICAL);
    assertThat(tenant.facts().count()).isEqualTo(5);
    assertThat(tenant.facts().threshold()).isEqualTo(5);
    assertThat(tenant.facts().windowEndMs() - tenant.facts().windowStartMs()).isEqualTo(10 * MIN);
    assertThat(tenant.facts().runs()).hasSize(5);
    assertThat(tenant.facts().summary()).contains("5 runs FAILED or LOST in 10m for tenant acme");
  }

  @Test
  @DisplayName("fires when the 5th failure ends 1 ms before the first one leaves the window")
  void justInsideWindow() {
    failAt("acme", "r1", T0);
    for (int i = 1; i < 4; i++) {
      failAt("acme", "r1", T0 + i * MIN);
    }
    failAt("acme", "r1", T0 + 10 * MIN - 1);
    assertThat(listener.firedIds()).contains("failure-burst:tenant=acme");
  }

  @Test
  @DisplayName("does not fire when the 5th failure ends exactly as the first one leaves the window")
  void atWindowBoundary() {
    failAt("acme", "r1", T0);
    for (int i = 1; i < 4; i++) {
      failAt("acme", "r1", T0 + i * MIN);
    }
    failAt("acme", "r1", T0 + 10 * MIN);
    assertThat(listener.fired).isEmpty();
  }

  @Test
  @DisplayName("evaluates tenant, region and fleet separately: 4+4 failures in one region fire the region and global keys only")
  void threeLevels() {
    for (int i = 0; i < 4; i++) {
      failAt("acme", "eu-west-1", T0 + i * 1000);
      failAt("beta", "eu-west-1", T0 + i * 1000 + 500);
    }
    assertThat(listener.firedIds())
        .containsExactly("failure-burst:region=eu-west-1", "failure-burst:global");
    failAt("gamma", "us-east-1", T0 + 5000);
    failAt("acme", "us-east-1", T0 + 6000);
    assertThat(listener.firedIds())
        .containsExactly(
            "failure-burst:region=eu-west-1", "failure-burst:global", "failure-burst:tenant=acme");
    assertThat(engine.active()).hasSize(3);
  }

  @Test
  @DisplayName("counts LOST as failure and ignores SUCCEEDED and CANCELLED")
  void whatCounts() {
    for (int i = 0; i < 4; i++) {
      clock.set(T0 + i);
      engine.observe(outcome("acme", "r", RunStatus.LOST, T0 + i));
      engine.observe(succeeded("acme", "r", T0 + i));
      engine.observe(outcome("acme", "r", RunStatus.CANCELLED, T0 + i));
    }
    assertThat(listener.fired).isEmpty();
    failAt("acme", "r", T0 + 10);
    assertThat(listener.firedIds()).contains("failure-burst:tenant=acme");
  }

  @Test
  @DisplayName("does not count a failure that is reported after its end time left the window")
  void lateFailure() {
    clock.set(T0 + 30 * MIN);
    for (int i = 0; i < 5; i++) {
      engine.observe(failed("acme", "r", T0 + i)); // ended 30 minutes ago
    }
    assertThat(listener.fired).isEmpty();
  }

  @Test
  @DisplayName("resolves when the window drains and the hold-down passed, and not before")
  void resolvesWhenWindowDrains() {
    for (int i = 0; i < 5; i++) {
      failAt("acme", "r", T0 + i * MIN);
    }
    assertThat(listener.fired).hasSize(3);
    clock.set(T0 + 10 * MIN); // the first failure leaves: 4 in the window
    engine.tick();
    assertThat(engine.active()).extracting(Alert::state).containsOnly(AlertState.HOLDING);
    clock.set(T0 + 10 * MIN + HOLD.toMillis() - 1);
    engine.tick();
    assertThat(listener.resolved).isEmpty();
    clock.set(T0 + 10 * MIN + HOLD.toMillis());
    engine.tick();
    assertThat(listener.resolvedIds()).hasSize(3).contains("failure-burst:tenant=acme");
    assertThat(engine.active()).isEmpty();
    assertThat(engine.recent()).hasSize(3).allMatch(a -> a.resolvedAtMs() == T0 + 10 * MIN + HOLD.toMillis());
    assertThat(registry.get("sparkplane.alerts.fired").tag("scope", "tenant").counter().count()).isEqualTo(1);
    assertThat(registry.get("sparkplane.alerts.resolved").tag("scope", "global").counter().count()).isEqualTo(1);
    assertThat(registry.get("sparkplane.alerts.active").tag("scope", "tenant").gauge().value()).isZero();
  }

  @Test
  @DisplayName("does not flap: a new breach within the hold-down keeps the alert firing without a second fire")
  void holdDown() {
    for (int i = 0; i < 5; i++) {
      failAt("acme", "r", T0 + i * MIN);
    }
    clock.set(T0 + 10 * MIN);
    engine.tick(); // holding
    for (int i = 0; i < 3; i++) {
      failAt("acme", "r", T0 + 11 * MIN); // 5 again in (T0+2m, T0+12m]
    }
    clock.set(T0 + 10 * MIN + HOLD.toMillis());
    engine.tick();
    assertThat(listener.resolved).isEmpty();
    assertThat(listener.fired).hasSize(3);
    assertThat(engine.active()).extracting(Alert::state).containsOnly(AlertState.FIRING);
  }

  @Test
  @DisplayName("fires again after it resolved, as a new alert")
  void firesAgain() {
    for (int i = 0; i < 5; i++) {
      failAt("acme", "r", T0 + i);
    }
    clock.set(T0 + 60 * MIN);
    engine.tick();
    clock.set(T0 + 70 * MIN);
    engine.tick();
    assertThat(listener.resolved).hasSize(3);
    for (int i = 0; i < 5; i++) {
      failAt("acme", "r", T0 + 80 * MIN + i);
    }
    assertThat(listener.fired).hasSize(6);
    assertThat(engine.active()).allMatch(a -> a.startsAtMs() == T0 + 80 * MIN + 4);
  }
}
