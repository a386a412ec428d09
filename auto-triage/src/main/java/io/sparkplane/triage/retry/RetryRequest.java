package io.sparkplane.triage.retry;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The body of the retry webhook ({@code POST} to {@code retry.webhook.url}, header {@code
 * Idempotency-Key: <retryId>}); documented in docs/triage.md and docs/openapi.yaml
 * ({@code RetryRequest}). An engine must start the retry at most once per {@code retryId}.
 *
 * <pre>{@code
 * {"version":1,"retryId":"rtr-3f9a...","runId":"seg-1","retryRunId":"seg-1-attempt-2","tenant":"acme",
 *  "workload":"segments","attempt":2,"class":"DATA_SKEW","fingerprint":"DATA_SKEW-...","slaDeadlineMs":...,
 *  "predictedRuntimeMs":42000,"confOverrides":{"spark.sql.adaptive.skewJoin.enabled":"true"},
 *  "salting":{"keys":["customer_id"],"factor":8,...},"reason":"Data skew in stage 3 ..."}
 * }</pre>
 *
 * @param runId the run that failed
 * @param retryRunId the run id to give the retry ({@code sparkplane.run.id})
 * @param attempt the retry's attempt number ({@code sparkplane.attempt})
 * @param slaDeadlineMs the deadline the retry must meet ({@code sparkplane.sla.deadline}), if any
 * @param triageClass why the run failed
 * @param reason the verdict's one-line summary
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RetryRequest(
    int version,
    String retryId,
    String runId,
    String retryRunId,
    String tenant,
    @Nullable String workload,
    int attempt,
    @com.fasterxml.jackson.annotation.JsonProperty("class") String triageClass,
    String fingerprint,
    @Nullable Long slaDeadlineMs,
    @Nullable Long predictedRuntimeMs,
    Map<String, String> confOverrides,
    @Nullable SaltingPlan salting,
    String reason) {

  public static final int VERSION = 1;

  public RetryRequest {
    Objects.requireNonNull(retryId, "retryId");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(retryRunId, "retryRunId");
    confOverrides = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(confOverrides));
  }

  /** The request of a retried decision. */
  public static RetryRequest of(RetryDecision d, String summary) {
    if (d.decision() != RetryDecision.Outcome.RETRIED || d.retryId() == null || d.plan() == null) {
      throw new IllegalArgumentException("only a RETRIED decision with a plan has a retry request");
    }
    return new RetryRequest(VERSION, d.retryId(), d.runId(), Objects.requireNonNull(d.retryRunId()), d.tenant(),
        d.workload(), Objects.requireNonNull(d.retryAttempt()), d.triageClass().name(), d.fingerprint(),
        d.slaDeadlineMs(), d.predictedRuntimeMs(), d.plan().confOverrides(), d.plan().salting(), summary);
  }
}
