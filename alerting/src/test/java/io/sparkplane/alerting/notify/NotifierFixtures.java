package io.sparkplane.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkplane.alerting.Alert;
import io.sparkplane.alerting.AlertFacts;
import io.sparkplane.alerting.AlertKey;
import io.sparkplane.alerting.AlertState;
import io.sparkplane.alerting.Classification;
import io.sparkplane.alerting.Level;
import io.sparkplane.alerting.RunRef;
import io.sparkplane.alerting.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

final class NotifierFixtures {

  static final long T0 = 1_700_000_000_000L;

  private NotifierFixtures() {}

  static Alert burst(String tenant, AlertState state) {
    AlertFacts facts =
        new AlertFacts(
            5, 5, 5, 5, T0 - 600_000, T0,
            "5 runs FAILED or LOST in 10m for tenant " + tenant + " (threshold 5)",
            List.of(new RunRef(tenant, "run-1", T0 - 1000), new RunRef(tenant, "run-2", T0)));
    return new Alert(
        AlertKey.of("failure-burst", Scope.TENANT, tenant, null, null),
        Level.CRITICAL,
        state,
        T0,
        state == AlertState.RESOLVED ? T0 + 900_000 : null,
        facts);
  }

  static Classification oom() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    counts.put("OOM", 4);
    counts.put("UNKNOWN", 1);
    return new Classification(
        "OOM",
        counts,
        List.of(new Classification.Example("acme", "run-2", "OOM", "Executor heap exhausted in stage 3")));
  }

  static Notification notification(Notification.Kind kind, Alert alert) {
    return new Notification(kind, alert, oom(), Instant.ofEpochMilli(T0 + 1000));
  }

  /** Waits until {@code notifier}'s firing page for {@code alertId} reaches {@code state}. */
  static void awaitPage(
      NotificationRouter router, String alertId, String notifier, NotificationRouter.PageState state)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (router.pageState(alertId, notifier) != state && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(router.pageState(alertId, notifier)).as("%s's page for %s", notifier, alertId).isEqualTo(state);
  }

  static DeliverySettings fastRetries() {
    return new DeliverySettings(
        100, null, Duration.ofSeconds(1), 3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(2), 10);
  }
}
