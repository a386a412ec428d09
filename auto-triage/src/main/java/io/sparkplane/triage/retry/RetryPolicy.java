package io.sparkplane.triage.retry;

import io.sparkplane.collector.store.StoredRun;
import io.sparkplane.triage.TriageClass;
import io.sparkplane.triage.Verdict;
import io.sparkplane.triage.retry.RetryDecision.Outcome;
import io.sparkplane.triage.retry.RetryDecision.Reason;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.function.DoubleSupplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a triaged run is retried. In order, a run is skipped when: its class cannot be
 * fixed by a retry (guidance instead); the workload used {@code retry.maxAttempts}; its SLA deadline
 * has passed; {@code now + backoff + predicted runtime} ends after the deadline; no webhook is
 * configured; or a rate limit is used up. Otherwise it is retried after an exponential backoff
 * with jitter ({@code initial × 2^(attempt-1)}, capped, scaled by a random factor in {@code
 * [1 - jitter, 1 + jitter]}).
 *
 * <pre>{@code
 * RetryDecision d = policy.decide(verdict, storedRun);
 * }</pre>
 */
public final class RetryPolicy {

  /** Classes whose cause is outside the run, retried as they are (with the catalog's settings). */
  public static final Set<TriageClass> TRANSIENT = EnumSet.of(TriageClass.EXTERNAL_SYSTEM, TriageClass.SHUFFLE_FETCH_FAILURE);

  private static final Pattern ATTEMPT_SUFFIX = Pattern.compile("-attempt-\\d+$");

  private final RetrySettings settings;
  private final RemedyPlanner planner;
  private final RuntimePredictor predictor;
  private final RetryRateLimiter limiter;
  private final Clock clock;
  private final DoubleSupplier random;

  /**
   * @param random uniform in [0, 1), for the jitter
   */
  public RetryPolicy(
      RetrySettings settings, RuntimePredictor predictor, RetryRateLimiter limiter, Clock clock, DoubleSupplier random) {
    this.settings = settings;
    this.planner = new RemedyPlanner(settings);
    this.predictor = predictor;
    this.limiter = limiter;
    this.clock = clock;
    this.random = random;
  }

  public RetryDecision decide(Verdict verdict, StoredRun run) {
    long now = clock.millis();
    int attempt = run.identity().attempt();
    Long deadline = run.identity().slaDeadlineMs();
    Draft d = new Draft(verdict, run, now, deadline);
    if (!verdict.triageClass().retryable()) {
      return d.skip(Reason.NOT_RETRYABLE, verdict.triageClass() + " is never retried: " + verdict.summary(), null, null, null)
          .withGuidance(planner.guidance(verdict, run));
    }
    RetryPlan plan = planner.plan(verdict, run);
    if (attempt >= settings.maxAttempts()) {
      return d.skip(Reason.MAX_ATTEMPTS,
          "attempt " + attempt + " of at most " + settings.maxAttempts() + " (retry.maxAttempts)", plan, null, null);
    }
    long backoff = backoffMs(attempt);
    Optional<RuntimePredictor.Prediction> prediction = predictor.predict(run, plan);
    Long predicted = prediction.map(p -> p.runtime().toMillis()).orElse(null);
    String source = prediction.map(RuntimePredictor.Prediction::source).orElse(null);
    if (deadline != null && now >= deadline) {
      return d.skip(Reason.DEADLINE_PASSED,
          "SLA deadline " + Instant.ofEpochMilli(deadline) + " passed " + seconds(now - deadline) + " ago", plan, predicted, source);
    }
    if (deadline != null) {
      long predictedOrZero = predicted == null ? 0 : predicted;
      long end = now + backoff + predictedOrZero;
      if (end > deadline) {
        return d.skip(Reason.CANNOT_FIT_DEADLINE,
            String.format("now + backoff %s + predicted runtime %s (%s) ends %s after the SLA deadline %s",
                seconds(backoff), seconds(predictedOrZero), source == null ? "no prediction" : source,
                seconds(end - deadline), Instant.ofEpochMilli(deadline)),
            plan, predicted, source);
      }
    }
    if (settings.webhookUrl() == null) {
      return d.skip(Reason.NO_WEBHOOK, "retry.webhook.url is not set: the plan is recorded, nothing is sent", plan, predicted, source);
    }
    RetryRateLimiter.Admission admission = limiter.tryAcquire(run.tenant());
    if (admission == RetryRateLimiter.Admission.TENANT_LIMITED) {
      return d.skip(Reason.RATE_LIMITED_TENANT, "tenant '" + run.tenant() + "' started "
          + settings.tenantRetriesPerMinute() + " retries in the last minute (retry.rateLimit.tenantPerMinute)", plan, predicted, source);
    }
    if (admission == RetryRateLimiter.Admission.GLOBAL_LIMITED) {
      return d.skip(Reason.RATE_LIMITED_GLOBAL, settings.globalRetriesPerMinute()
          + " retries started in the last minute (retry.rateLimit.globalPerMinute)", plan, predicted, source);
    }
    Reason why = deadline == null ? Reason.NO_DEADLINE : Reason.FITS_DEADLINE;
    String kind = TRANSIENT.contains(verdict.triageClass()) ? "transient" : "remediable";
    String detail = deadline == null
        ? kind + " " + verdict.triageClass() + "; the run has no SLA deadline"
        : String.format("%s %s; retry ends about %s before the SLA deadline (backoff %s, predicted %s from %s)", kind,
            verdict.triageClass(), seconds(deadline - now - backoff - (predicted == null ? 0 : predicted)),
            seconds(backoff), seconds(predicted == null ? 0 : predicted), source);
    return d.retry(why, detail, plan, backoff, predicted, source, retryId(run, attempt + 1), retryRunId(run.runId(), attempt + 1));
  }

  /** {@code initial × 2^(attempt-1)}, capped at {@code retry.backoff.max}, times a jitter factor. */
  long backoffMs(int attempt) {
    double base = settings.backoffInitial().toMillis() * Math.pow(2, Math.max(0, attempt - 1));
    double capped = Math.min(base, settings.backoffMax().toMillis());
    double factor = 1 + settings.backoffJitter() * (2 * random.getAsDouble() - 1);
    return Math.max(1, Math.round(capped * factor));
  }

  /** Stable per run and attempt, so a redelivered decision keeps its idempotency key. */
  static String retryId(StoredRun run, int retryAttempt) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] hash = sha.digest((run.tenant() + "\n" + run.runId() + "\n" + retryAttempt).getBytes(StandardCharsets.UTF_8));
      return "rtr-" + HexFormat.of().formatHex(hash, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** {@code <run id without -attempt-N>-attempt-<n>}. */
  static String retryRunId(String runId, int retryAttempt) {
    return ATTEMPT_SUFFIX.matcher(runId).replaceFirst("") + "-attempt-" + retryAttempt;
  }

  private static String seconds(long ms) {
    return String.format("%.1f s", ms / 1000.0);
  }

  /** The fields every decision of one run shares. */
  private record Draft(Verdict verdict, StoredRun run, long now, @Nullable Long deadline) {

    RetryDecision skip(Reason reason, String detail, @Nullable RetryPlan plan, @Nullable Long predicted, @Nullable String source) {
      return new RetryDecision(RetryDecision.VERSION, run.runId(), run.tenant(), run.identity().workload(),
          run.identity().attempt(), verdict.triageClass(), verdict.fingerprint(), Outcome.SKIPPED, reason, detail, null,
          null, null, null, predicted, source, deadline, now, null, plan, null, null);
    }

    RetryDecision retry(Reason reason, String detail, RetryPlan plan, long backoff, @Nullable Long predicted,
        @Nullable String source, String retryId, String retryRunId) {
      return new RetryDecision(RetryDecision.VERSION, run.runId(), run.tenant(), run.identity().workload(),
          run.identity().attempt(), verdict.triageClass(), verdict.fingerprint(), Outcome.RETRIED, reason, detail, retryId,
          retryRunId, run.identity().attempt() + 1, backoff, predicted, source, deadline, now, now + backoff, plan, null,
          RetryDecision.Delivery.pending());
    }
  }

}
