package io.sparkplane.alerting.testing;

import io.sparkplane.alerting.engine.RunOutcome;
import io.sparkplane.wire.RunStatus;
import java.util.concurrent.atomic.AtomicLong;

/** Run outcomes for tests, with readable defaults. */
public final class Runs {

  private static final AtomicLong IDS = new AtomicLong();

  private Runs() {}

  public static RunOutcome failed(String tenant, String region, long endMs) {
    return outcome(tenant, region, RunStatus.FAILED, endMs);
  }

  public static RunOutcome succeeded(String tenant, String region, long endMs) {
    return outcome(tenant, region, RunStatus.SUCCEEDED, endMs);
  }

  public static RunOutcome outcome(String tenant, String region, RunStatus status, long endMs) {
    return new RunOutcome(
        tenant, region, "nightly-etl", "run-" + IDS.incrementAndGet(), status, endMs, 60_000L, null);
  }
}
