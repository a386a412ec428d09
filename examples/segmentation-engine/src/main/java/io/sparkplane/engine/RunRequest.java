package io.sparkplane.engine;

import io.sparkplane.engine.data.DataSpec;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One run of a workload.
 *
 * <pre>{@code
 * RunRequest r = RunRequest.of("seg-1", "acme", "us-east-1", "high-value-customers", DataSpec.small())
 *     .withBudget(Duration.ofSeconds(20)).withSlaDeadlineMs(System.currentTimeMillis() + 300_000);
 * }</pre>
 *
 * @param budget the attempt's time budget: past it the engine cancels the run's jobs and fails it
 * @param slaDeadlineMs epoch millis the run's result is due ({@code sparkplane.sla.deadline})
 * @param confOverrides SQL confs set for this run only (a retry's remedies)
 * @param salting salt the workload's skew-prone step (a retry's salting plan)
 * @param retryOf the run this one retries, if any
 */
public record RunRequest(
    String runId,
    String tenant,
    String region,
    String workload,
    int attempt,
    DataSpec data,
    Duration budget,
    @Nullable Long slaDeadlineMs,
    Map<String, String> confOverrides,
    @Nullable SaltingDirective salting,
    @Nullable String retryOf) {

  public static final Duration DEFAULT_BUDGET = Duration.ofMinutes(2);

  public RunRequest {
    requireText("runId", runId);
    requireText("tenant", tenant);
    requireText("region", region);
    requireText("workload", workload);
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be >= 1, was " + attempt);
    }
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(budget, "budget");
    if (budget.isZero() || budget.isNegative()) {
      throw new IllegalArgumentException("budget must be positive, was " + budget);
    }
    confOverrides = Map.copyOf(confOverrides);
  }

  public static RunRequest of(String runId, String tenant, String region, String workload, DataSpec data) {
    return new RunRequest(runId, tenant, region, workload, 1, data, DEFAULT_BUDGET, null, Map.of(), null, null);
  }

  public RunRequest withBudget(Duration v) {
    return new RunRequest(runId, tenant, region, workload, attempt, data, v, slaDeadlineMs, confOverrides, salting, retryOf);
  }

  public RunRequest withSlaDeadlineMs(@Nullable Long v) {
    return new RunRequest(runId, tenant, region, workload, attempt, data, budget, v, confOverrides, salting, retryOf);
  }

  /** The retry of this run: a new run id and attempt, remedies applied, same workload and data. */
  public RunRequest retry(
      String retryRunId, int retryAttempt, @Nullable Long deadlineMs, Map<String, String> overrides, @Nullable SaltingDirective salt) {
    return new RunRequest(
        retryRunId, tenant, region, workload, retryAttempt, data, budget, deadlineMs != null ? deadlineMs : slaDeadlineMs,
        overrides, salt, runId);
  }

  private static void requireText(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
  }
}
