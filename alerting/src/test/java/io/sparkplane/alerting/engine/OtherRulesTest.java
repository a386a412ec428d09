package io.sparkplane.alerting.engine;

import static io.sparkplane.alerting.testing.Runs.failed;
import static io.sparkplane.alerting.testing.Runs.succeeded;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sparkplane.alerting.Alert;
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
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("The built-in rules besides failure bursts")
class OtherRulesTest {

  private static final long T0 = 1_700_000_000_000L;
  private static final long MIN = 60_000;

  private final SettableClock clock = new SettableClock(T0);
  private final RecordingListener listener = new RecordingListener();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private static final FailureBurstSettings NO_BURST = new FailureBurstSettings(false, null, null, null, null);
  private static final SuccessRateSloSettings NO_SLO = new SuccessRateSloSettings(false, null, null, null, null, null);
  private static final SlaDeadlineSettings NO_SLA = new SlaDeadlineSettings(false, null, null, null, null);
  private static final RuntimeDriftSettings NO_DRIFT = new RuntimeDriftSettings(false, null, null, null, null, null, null);

  private AlertEngine engine(RulesConfig rules) {
    return new AlertEngine(rules, RoutingConfig.defaults(), clock, listener, new AlertingMetrics(registry));
  }

  @Nested
  @DisplayName("success-rate SLO burn rates")
  class Slo {

    /** {@code runs} runs spread evenly over the hour before now, the last {@code failures} failed. */
    private void hour(AlertEngine engine, int runs, int failures) {
      for (int i = 0; i < runs; i++) {
        long end = T0 + (long) i * 60 * MIN / runs;
        clock.set(end);
        engine.observe(i >= runs - failures ? failed("acme", "eu", end) : succeeded("acme", "eu", end));
      }
    }

    @Test
    @DisplayName("fires the 1h/5m pair at 14.4x and the 6h/30m pair at 6x, per tenant, region and fleet")
    void fastAndSlowBurn() {
      AlertEngine engine = engine(new RulesConfig(NO_BURST, SuccessRateSloSettings.defaults(), NO_SLA, NO_DRIFT));
      hour(engine, 100, 1); // 1% errors > 14.4 x 0.05% = 0.72%
      assertThat(listener.firedIds())
          .containsExactlyInAnyOrder(
              "slo-burn-1h-5m:tenant=acme", "slo-burn-1h-5m:region=eu", "slo-burn-1h-5m:global",
              "slo-burn-6h-30m:tenant=acme", "slo-burn-6h-30m:region=eu", "slo-burn-6h-30m:global");
      Alert fast = listener.fired.stream().filter(a -> a.id().equals("slo-burn-1h-5m:tenant=acme")).findFirst().orElseThrow();
      assertThat(fast.level()).isEqualTo(Level.CRITICAL);
      assertThat(fast.facts().count()).isEqualTo(1);
      assertThat(fast.facts().total()).isEqualTo(100);
      assertThat(fast.facts().value()).isBetween(19.9, 20.1); // 1% / 0.05%
      assertThat(fast.facts().runs()).hasSize(1);
    }

    @Test
    @DisplayName("fires only the slow pair when the error ratio is between 6x and 14.4x the budget")
    void slowOnly() {
      AlertEngine engine = engine(new RulesConfig(NO_BURST, SuccessRateSloSettings.defaults(), NO_SLA, NO_DRIFT));
      hour(engine, 200, 1); // 0.5%: above 0.3%, below 0.72%
      assertThat(listener.firedIds()).containsExactlyInAnyOrder(
          "slo-burn-6h-30m:tenant=acme", "slo-burn-6h-30m:region=eu", "slo-burn-6h-30m:global");
    }

    @Test
    @DisplayName("does not fire below minRuns in the long window")
    void minRuns() {
      AlertEngine engine = engine(new RulesConfig(NO_BURST, SuccessRateSloSettings.defaults(), NO_SLA, NO_DRIFT));
      clock.set(T0);
      engine.observe(failed("acme", "eu", T0));
      for (int i = 0; i < 8; i++) {
        engine.observe(succeeded("acme", "eu", T0));
      }
      assertThat(listener.fired).isEmpty(); // 1 of 9 failed, minRuns is 10
      engine.observe(succeeded("acme", "eu", T0));
      assertThat(listener.firedIds()).contains("slo-burn-1h-5m:tenant=acme");
    }

    @Test
    @DisplayName("resolves the fast burn once the short window has recovered, though the long one still burns")
    void shortWindowRecovers() {
      AlertEngine engine = engine(new RulesConfig(NO_BURST, SuccessRateSloSettings.defaults(), NO_SLA, NO_DRIFT));
      clock.set(T0);
      for (int i = 0; i < 20; i++) {
        engine.observe(i < 2 ? failed("acme", "eu", T0) : succeeded("acme", "eu", T0));
      }
      assertThat(listener.firedIds()).contains("slo-burn-1h-5m:tenant=acme");
      for (int i = 1; i <= 10; i++) { // clean runs, one a minute
        clock.set(T0 + i * MIN);
        engine.observe(succeeded("acme", "eu", T0 + i * MIN));
      }
      engine.tick(); // clear since about T0+6m, past the 2m hold-down
      assertThat(listener.resolvedIds()).contains("slo-burn-1h-5m:tenant=acme");
      Alert slow =
          engine.active().stream().filter(a -> a.id().equals("slo-burn-6h-30m:tenant=acme")).findFirst().orElseThrow();
      assertThat(slow.state()).isEqualTo(io.sparkplane.alerting.AlertState.FIRING);
    }
  }

  @Test
  @DisplayName("SLA: fires per tenant and workload when a run ends after its deadline, and counts the miss")
  void slaMissed() {
    AlertEngine engine = engine(new RulesConfig(NO_BURST, NO_SLO, SlaDeadlineSettings.defaults(), NO_DRIFT));
    clock.set(T0);
    engine.observe(new RunOutcome("acme", "eu", "billing", "r-ok", RunStatus.SUCCEEDED, T0, 1000L, T0));
    assertThat(listener.fired).isEmpty();
    engine.observe(new RunOutcome("acme", "eu", "billing", "r-late", RunStatus.SUCCEEDED, T0, 1000L, T0 - 1));
    assertThat(listener.firedIds())
        .containsExactly("sla-missed:tenant=acme", "sla-missed:tenant=acme,workload=billing");
    assertThat(listener.fired.get(0).level()).isEqualTo(Level.WARNING);
    assertThat(registry.get("sparkplane.runs.sla.missed").tag("tenant", "acme").counter().count()).isEqualTo(1);
  }

  @Test
  @DisplayName("runtime drift: fires when the recent p95 exceeds 1.5x the workload's own baseline, and not at 1.1x")
  void runtimeDrift() {
    AlertEngine engine = engine(new RulesConfig(NO_BURST, NO_SLO, NO_SLA, RuntimeDriftSettings.defaults()));
    long t = T0;
    for (int i = 0; i < 70; i++) { // 50 fold into the baseline, 20 stay recent
      engine.observe(new RunOutcome("acme", "eu", "etl", "b" + i, RunStatus.SUCCEEDED, t += MIN, 100_000L + i, null));
    }
    for (int i = 0; i < 20; i++) {
      engine.observe(new RunOutcome("acme", "eu", "etl", "m" + i, RunStatus.SUCCEEDED, t += MIN, 110_000L, null));
    }
    assertThat(listener.fired).isEmpty();
    clock.set(t);
    engine.observe(new RunOutcome("acme", "eu", "etl", "s0", RunStatus.SUCCEEDED, t += MIN, 200_000L, null));
    assertThat(listener.fired).isEmpty(); // p95 of the last 20 (nearest rank: 19th) is still 110 s
    clock.set(t);
    engine.observe(new RunOutcome("acme", "eu", "etl", "s1", RunStatus.SUCCEEDED, t += MIN, 200_000L, null));
    assertThat(listener.firedIds()).containsExactly("runtime-drift:tenant=acme,workload=etl");
    assertThat(listener.fired.get(0).facts().value()).isGreaterThan(1.5);
  }

  @Test
  @DisplayName(
      "runtime drift counts the runs it judged and the slow ones for Prometheus: zero from the first run, the whole recent window once the baseline is ready, then each run")
  void runtimeDriftCounts() {
    AlertEngine engine = engine(new RulesConfig(NO_BURST, NO_SLO, NO_SLA, RuntimeDriftSettings.defaults()));
    long t = T0;
    for (int i = 0; i < 69; i++) { // one short of 50 baseline + 20 recent: nothing judged yet
      engine.observe(new RunOutcome("acme", "eu", "etl", "b" + i, RunStatus.SUCCEEDED, t += MIN, i < 60 ? 100_000L : 200_000L, null));
    }
    // the series exist at zero from the workload's first run, so Prometheus sees them before any verdict
    assertThat(registry.get("sparkplane.runtime.drift.runs").tags("tenant", "acme", "workload", "etl").counter().count())
        .isZero();
    assertThat(registry.get("sparkplane.runtime.drift.slow.runs").tags("tenant", "acme", "workload", "etl").counter().count())
        .isZero();
    engine.observe(new RunOutcome("acme", "eu", "etl", "b69", RunStatus.SUCCEEDED, t += MIN, 100_000L, null));
    // the 20 recent runs (minutes 50-69) are judged at once; 9 of them took 200 s > 1.5 x 100 s
    assertThat(registry.get("sparkplane.runtime.drift.runs").tags("tenant", "acme", "workload", "etl").counter().count())
        .isEqualTo(20);
    assertThat(registry.get("sparkplane.runtime.drift.slow.runs").tags("tenant", "acme", "workload", "etl").counter().count())
        .isEqualTo(9);
    assertThat(listener.firedIds()).containsExactly("runtime-drift:tenant=acme,workload=etl");
    engine.observe(new RunOutcome("acme", "eu", "etl", "c0", RunStatus.SUCCEEDED, t += MIN, 140_000L, null));
    engine.observe(new RunOutcome("acme", "eu", "etl", "c1", RunStatus.SUCCEEDED, t += MIN, 160_000L, null));
    engine.observe(new RunOutcome("acme", "eu", "etl", "c2", RunStatus.FAILED, t += MIN, 900_000L, null));
    assertThat(registry.get("sparkplane.runtime.drift.runs").tags("tenant", "acme", "workload", "etl").counter().count())
        .isEqualTo(22);
    assertThat(registry.get("sparkplane.runtime.drift.slow.runs").tags("tenant", "acme", "workload", "etl").counter().count())
        .isEqualTo(10);
  }
}
