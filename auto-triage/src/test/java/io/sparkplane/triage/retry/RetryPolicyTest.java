package io.sparkplane.triage.retry;

import static io.sparkplane.triage.retry.RetryFixtures.DURATION;
import static io.sparkplane.triage.retry.RetryFixtures.START;
import static io.sparkplane.triage.retry.RetryFixtures.failedRun;
import static io.sparkplane.triage.retry.RetryFixtures.verdict;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.collector.store.StoredRun;
import io.sparkplane.triage.TriageClass;
import io.sparkplane.triage.retry.RetryDecision.Outcome;
import io.sparkplane.triage.retry.RetryDecision.Reason;
import io.sparkplane.wire.RunStatus;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("RetryPolicy")
class RetryPolicyTest {

  static final long NOW = START + DURATION + 1_000;
  static final Duration PREDICTED = Duration.ofSeconds(60);

  final MutableClock clock = new MutableClock(NOW);
  RetrySettings settings = RetrySettings.fromProperties(Map.of(
      "retry.backoff.initial", "30s", "retry.backoff.max", "5m", "retry.backoff.jitter", "0.2",
      "retry.rateLimit.tenantPerMinute", "2", "retry.rateLimit.globalPerMinute", "3"))
      .withWebhook(URI.create("http://127.0.0.1:9/retries"));

  RetryPolicy policy(double random) {
    RuntimePredictor predictor = (run, plan) -> Optional.of(new RuntimePredictor.Prediction(PREDICTED, "test"));
    return new RetryPolicy(settings, predictor, new RetryRateLimiter(settings, clock), clock, () -> random);
  }

  @Test
  @DisplayName("retries a skewed run that fits its deadline, with salting on the join key and a factor from the hot partition")
  void retriesSkewWithSalting() {
    StoredRun run = failedRun("seg-1", 1, NOW + 10 * 60_000);
    RetryDecision d = policy(0.5).decide(verdict(run, TriageClass.DATA_SKEW), run);

    assertThat(d.decision()).isEqualTo(Outcome.RETRIED);
    assertThat(d.reason()).isEqualTo(Reason.FITS_DEADLINE);
    assertThat(d.backoffMs()).isEqualTo(30_000);
    assertThat(d.notBeforeMs()).isEqualTo(NOW + 30_000);
    assertThat(d.predictedRuntimeMs()).isEqualTo(60_000);
    assertThat(d.retryRunId()).isEqualTo("seg-1-attempt-2");
    assertThat(d.retryAttempt()).isEqualTo(2);
    assertThat(d.retryId()).startsWith("rtr-").isEqualTo(RetryPolicy.retryId(run, 2));
    assertThat(d.delivery().status()).isEqualTo("PENDING");
    SaltingPlan salting = d.plan().salting();
    assertThat(salting.keys()).containsExactly("customer_id");
    assertThat(salting.stageId()).isEqualTo(3);
    assertThat(salting.hotPartitionBytes()).isEqualTo(300L << 20);
    assertThat(salting.factor()).isEqualTo(5); // ceil(300 MiB / 64 MiB)
    assertThat(d.plan().confOverrides())
        .containsEntry("spark.sql.adaptive.skewJoin.enabled", "true")
        .containsEntry("spark.sql.adaptive.advisoryPartitionSizeInBytes", Long.toString(64L << 20))
        .containsEntry("spark.sql.adaptive.skewJoin.skewedPartitionThresholdInBytes", Long.toString(150L << 20));
    assertThat(d.detail()).contains("remediable DATA_SKEW");
  }

  @Test
  @DisplayName("skips a retry that cannot finish before the deadline, saying by how much it would miss")
  void cannotFit() {
    StoredRun run = failedRun("seg-2", 1, NOW + 80_000); // 30 s backoff + 60 s predicted = 10 s late
    RetryDecision d = policy(0.5).decide(verdict(run, TriageClass.DATA_SKEW), run);
    assertThat(d.decision()).isEqualTo(Outcome.SKIPPED);
    assertThat(d.reason()).isEqualTo(Reason.CANNOT_FIT_DEADLINE);
    assertThat(d.detail()).contains("backoff 30.0 s").contains("predicted runtime 60.0 s").contains("ends 10.0 s after");
    assertThat(d.plan()).isNotNull();
    assertThat(d.retryId()).isNull();
  }

  @Test
  @DisplayName("skips a run whose deadline has passed, as every run that succeeded late")
  void deadlinePassed() {
    StoredRun late = RetryFixtures.run("seg-3", 1, START + 5_000, RunStatus.SUCCEEDED, RetryFixtures.resources(4096L, 4, null));
    RetryDecision d = policy(0.5).decide(verdict(late, TriageClass.DATA_SKEW), late);
    assertThat(d.reason()).isEqualTo(Reason.DEADLINE_PASSED);
    assertThat(d.detail()).contains("passed");
  }

  @Test
  @DisplayName("retries a run without a deadline, and skips once the workload used retry.maxAttempts")
  void noDeadlineAndMaxAttempts() {
    StoredRun first = failedRun("seg-4", 1, null);
    assertThat(policy(0.5).decide(verdict(first, TriageClass.DATA_SKEW), first).reason()).isEqualTo(Reason.NO_DEADLINE);
    StoredRun third = failedRun("seg-4-attempt-3", 3, null);
    RetryDecision d = policy(0.5).decide(verdict(third, TriageClass.DATA_SKEW), third);
    assertThat(d.reason()).isEqualTo(Reason.MAX_ATTEMPTS);
    assertThat(d.detail()).contains("attempt 3 of at most 3");
  }

  @Test
  @DisplayName("never retries a Cartesian explosion: guidance names the join, its keys and the rows of each side")
  void cartesianGuidance() {
    StoredRun run = failedRun("seg-5", 1, NOW + 3_600_000);
    RetryDecision d = policy(0.5).decide(verdict(run, TriageClass.CARTESIAN_EXPLOSION), run);
    assertThat(d.decision()).isEqualTo(Outcome.SKIPPED);
    assertThat(d.reason()).isEqualTo(Reason.NOT_RETRYABLE);
    assertThat(d.plan()).isNull();
    CustomerGuidance g = d.guidance();
    assertThat(g.joinOperator()).isEqualTo("SortMergeJoin");
    assertThat(g.keys()).containsExactly("customer_id");
    assertThat(g.outputRows()).isEqualTo(120_000_000);
    assertThat(g.inputs()).extracting(CustomerGuidance.SideRows::rows).containsExactly(40_000L, 3_000_000L);
    assertThat(g.summary()).contains("120,000,000 rows").contains("customer_id");
  }

  @Test
  @DisplayName("never retries user-code errors")
  void userCode() {
    StoredRun run = failedRun("seg-6", 1, null);
    RetryDecision d = policy(0.5).decide(verdict(run, TriageClass.USER_CODE_ERROR), run);
    assertThat(d.reason()).isEqualTo(Reason.NOT_RETRYABLE);
    assertThat(d.guidance().advice()).contains("Fix the query");
  }

  @Test
  @DisplayName("limits retries per tenant and globally per minute, and admits again a minute later")
  void rateLimits() {
    RetryPolicy p = policy(0.5);
    for (int i = 0; i < 2; i++) {
      StoredRun run = failedRun("t-" + i, 1, null);
      assertThat(p.decide(verdict(run, TriageClass.EXECUTOR_OOM), run).decision()).isEqualTo(Outcome.RETRIED);
    }
    StoredRun third = failedRun("t-2", 1, null);
    assertThat(p.decide(verdict(third, TriageClass.EXECUTOR_OOM), third).reason()).isEqualTo(Reason.RATE_LIMITED_TENANT);

    StoredRun other = otherTenant("o-1");
    assertThat(p.decide(verdict(other, TriageClass.EXECUTOR_OOM), other).decision()).isEqualTo(Outcome.RETRIED);
    StoredRun other2 = otherTenant("o-2");
    assertThat(p.decide(verdict(other2, TriageClass.EXECUTOR_OOM), other2).reason()).isEqualTo(Reason.RATE_LIMITED_GLOBAL);

    clock.advance(Duration.ofMinutes(1));
    assertThat(p.decide(verdict(third, TriageClass.EXECUTOR_OOM), third).decision()).isEqualTo(Outcome.RETRIED);
  }

  @Test
  @DisplayName("backs off exponentially per attempt up to retry.backoff.max, scaled by the jitter")
  void backoff() {
    assertThat(policy(0.5).backoffMs(1)).isEqualTo(30_000);
    assertThat(policy(0.5).backoffMs(2)).isEqualTo(60_000);
    assertThat(policy(0.5).backoffMs(3)).isEqualTo(120_000);
    assertThat(policy(0.5).backoffMs(10)).isEqualTo(300_000);
    assertThat(policy(0.0).backoffMs(1)).isEqualTo(24_000);
    assertThat(policy(0.999999).backoffMs(1)).isBetween(35_999L, 36_000L);
  }

  @Test
  @DisplayName("resolves memory remedies on a ladder: memory doubles to its cap, then cores halve")
  void memoryLadder() {
    StoredRun run = RetryFixtures.run("m-1", 1, null, RunStatus.FAILED, RetryFixtures.resources(4096L, 4, null));
    RetryPlan plan = policy(0.5).decide(verdict(run, TriageClass.EXECUTOR_OOM), run).plan();
    assertThat(plan.confOverrides()).containsEntry("spark.executor.memory", "8192m")
        .containsEntry("spark.sql.shuffle.partitions", "800").doesNotContainKey("spark.executor.cores");

    StoredRun capped = RetryFixtures.run("m-2", 1, null, RunStatus.FAILED, RetryFixtures.resources(40_000L, 4, null));
    RetryPlan top = policy(0.5).decide(verdict(capped, TriageClass.EXECUTOR_OOM), capped).plan();
    assertThat(top.confOverrides()).containsEntry("spark.executor.memory", "65536m").containsEntry("spark.executor.cores", "2");

    StoredRun container = RetryFixtures.run("m-3", 1, null, RunStatus.FAILED, RetryFixtures.resources(8192L, 4, null));
    RetryPlan overhead = policy(0.5).decide(verdict(container, TriageClass.CONTAINER_MEMORY_EXCEEDED), container).plan();
    assertThat(overhead.confOverrides()).containsEntry("spark.executor.memoryOverhead", "1638m");

    StoredRun disk = failedRun("d-1", 1, null);
    RetryPlan diskPlan = policy(0.5).decide(verdict(disk, TriageClass.DISK_FULL), disk).plan();
    assertThat(diskPlan.notes()).anyMatch(n -> n.startsWith("spark.local.dir"));
  }

  @Test
  @DisplayName("skips with no_webhook when retry.webhook.url is not set, keeping the plan")
  void noWebhook() {
    settings = RetrySettings.defaults();
    StoredRun run = failedRun("w-1", 1, null);
    RetryDecision d = policy(0.5).decide(verdict(run, TriageClass.DATA_SKEW), run);
    assertThat(d.reason()).isEqualTo(Reason.NO_WEBHOOK);
    assertThat(d.plan().salting()).isNotNull();
  }

  @Test
  @DisplayName("names the key of a bad setting")
  void badSettings() {
    assertThatThrownBy(() -> RetrySettings.fromProperties(Map.of("retry.backoff.initial", "soon")))
        .hasMessageContaining("retry.backoff.initial");
    assertThatThrownBy(() -> RetrySettings.fromProperties(Map.of("retry.salting.maxFactor", "1")))
        .hasMessageContaining("retry.salting.maxFactor");
    assertThatThrownBy(() -> RetrySettings.fromProperties(Map.of("retry.webhook.url", "ftp://x/y")))
        .hasMessageContaining("retry.webhook.url");
  }

  @Test
  @DisplayName("derives the retry's run id from the first attempt's")
  void retryRunIds() {
    assertThat(RetryPolicy.retryRunId("seg-1", 2)).isEqualTo("seg-1-attempt-2");
    assertThat(RetryPolicy.retryRunId("seg-1-attempt-2", 3)).isEqualTo("seg-1-attempt-3");
    assertThat(RemedyPlanner.keys("SortMergeJoin [customer_id#12L, day#3], [customer_id#40L, day#41], Inner"))
        .containsExactly("customer_id", "day");
    assertThat(RemedyPlanner.keys("BroadcastNestedLoopJoin BuildRight, Cross")).isEmpty();
  }

  private static StoredRun otherTenant(String runId) {
    StoredRun r = failedRun(runId, 1, null);
    var i = r.identity();
    return new StoredRun(new io.sparkplane.wire.RunIdentity(i.runId(), "globex", i.region(), i.workload(), 1, i.appId(),
        i.appName(), null), r.status(), r.submitTimeMs(), r.startTimeMs(), r.endTimeMs(), null, null, r.summary(),
        r.resources(), 3);
  }
}
