package io.sparkplane.triage.retry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.sparkplane.triage.TriageClass;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the retry policy decided for one triaged run, and why; stored with the run as the attachment
 * {@value RetryExtension#ATTACHMENT} and served by {@code GET /api/v1/runs/{runId}/retries}.
 *
 * <pre>{@code
 * {"version":1,"runId":"seg-1","tenant":"acme","workload":"segments","attempt":1,"class":"DATA_SKEW",
 *  "decision":"RETRIED","reason":"fits_deadline","detail":"...","retryId":"rtr-3f...","retryRunId":"seg-1-attempt-2",
 *  "retryAttempt":2,"backoffMs":30512,"predictedRuntimeMs":420000,"predictionSource":"history:12",
 *  "slaDeadlineMs":...,"decidedAtMs":...,"notBeforeMs":...,"plan":{...},"delivery":{...}}
 * }</pre>
 *
 * @param attempt the triaged run's attempt
 * @param retryId idempotency key of the retry (present when retried)
 * @param retryRunId the run id the retry will have
 * @param notBeforeMs when the webhook is called (decision time + backoff)
 * @param plan the remedies as conf overrides and salting, for remediable classes
 * @param guidance what the customer must change, for classes that are never retried
 * @param delivery how the webhook call went, for retried runs
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RetryDecision(
    int version,
    String runId,
    String tenant,
    @Nullable String workload,
    int attempt,
    @JsonProperty("class") TriageClass triageClass,
    String fingerprint,
    Outcome decision,
    Reason reason,
    String detail,
    @Nullable String retryId,
    @Nullable String retryRunId,
    @Nullable Integer retryAttempt,
    @Nullable Long backoffMs,
    @Nullable Long predictedRuntimeMs,
    @Nullable String predictionSource,
    @Nullable Long slaDeadlineMs,
    long decidedAtMs,
    @Nullable Long notBeforeMs,
    @Nullable RetryPlan plan,
    @Nullable CustomerGuidance guidance,
    @Nullable Delivery delivery) {

  public static final int VERSION = 1;

  public RetryDecision {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(triageClass, "class");
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(detail, "detail");
  }

  /** Retried or not. */
  public enum Outcome {
    RETRIED,
    SKIPPED
  }

  /** Why; the {@code reason} label of {@code sparkplane_retry_decisions_total}. */
  public enum Reason {
    /** Retried: the remedied run is predicted to finish before the SLA deadline. */
    FITS_DEADLINE,
    /** Retried: the run has no SLA deadline. */
    NO_DEADLINE,
    /** Skipped: the class cannot be fixed by a retry; guidance recorded instead. */
    NOT_RETRYABLE,
    /** Skipped: the workload used all of {@code retry.maxAttempts}. */
    MAX_ATTEMPTS,
    /** Skipped: the SLA deadline has passed (always so for a run that succeeded late). */
    DEADLINE_PASSED,
    /** Skipped: now + backoff + predicted runtime ends after the SLA deadline. */
    CANNOT_FIT_DEADLINE,
    /** Skipped: the tenant's retry rate limit is used up. */
    RATE_LIMITED_TENANT,
    /** Skipped: the global retry rate limit is used up. */
    RATE_LIMITED_GLOBAL,
    /** Skipped: no {@code retry.webhook.url} is configured. */
    NO_WEBHOOK,
    /** Skipped after retrying: the webhook could not be reached while the SLA window allowed. */
    DELIVERY_FAILED,
    /** Skipped after retrying: the engine refused the retry (a 4xx answer). */
    ENGINE_REJECTED;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The webhook call of a retried run.
   *
   * @param status {@code PENDING}, {@code DELIVERED} or {@code FAILED}
   * @param attempts POSTs made
   * @param httpStatus the last answer's status, if any
   * @param lastError the last failure, if any
   * @param completedAtMs when it was delivered or given up
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Delivery(
      String status, int attempts, @Nullable Integer httpStatus, @Nullable String lastError, @Nullable Long completedAtMs) {
    public static final String PENDING = "PENDING";
    public static final String DELIVERED = "DELIVERED";
    public static final String FAILED = "FAILED";

    public static Delivery pending() {
      return new Delivery(PENDING, 0, null, null, null);
    }
  }

  /** This decision after its delivery ended; a failed delivery turns it into a skip. */
  public RetryDecision delivered(Delivery d, @Nullable Reason failure, @Nullable String failureDetail) {
    if (failure == null) {
      return withDelivery(decision, reason, detail, d);
    }
    return withDelivery(Outcome.SKIPPED, failure, Objects.requireNonNull(failureDetail), d);
  }

  private RetryDecision withDelivery(Outcome o, Reason r, String text, Delivery d) {
    return new RetryDecision(version, runId, tenant, workload, attempt, triageClass, fingerprint, o, r, text, retryId,
        retryRunId, retryAttempt, backoffMs, predictedRuntimeMs, predictionSource, slaDeadlineMs, decidedAtMs,
        notBeforeMs, plan, guidance, d);
  }

  /** This decision with customer guidance attached. */
  public RetryDecision withGuidance(CustomerGuidance g) {
    return new RetryDecision(version, runId, tenant, workload, attempt, triageClass, fingerprint, decision, reason, detail,
        retryId, retryRunId, retryAttempt, backoffMs, predictedRuntimeMs, predictionSource, slaDeadlineMs, decidedAtMs,
        notBeforeMs, plan, g, delivery);
  }
}
