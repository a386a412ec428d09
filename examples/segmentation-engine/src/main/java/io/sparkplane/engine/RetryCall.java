package io.sparkplane.engine;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A retry the control plane asked for through the webhook (the fields of docs/retries.md's
 * {@code RetryRequest} the engine acts on).
 *
 * @param retryId idempotency key: at most one run per retry id
 * @param runId the run that failed
 * @param retryRunId the id the retry runs under
 * @param attempt the retry's attempt number
 * @param saltingKeys keys of the salting plan (empty: the workload's own key), with {@code saltingFactor}
 * @param saltingFactor the planned factor, or 0 without a salting plan
 */
public record RetryCall(
    String retryId,
    String runId,
    String retryRunId,
    String tenant,
    @Nullable String workload,
    int attempt,
    @Nullable String triageClass,
    @Nullable Long slaDeadlineMs,
    Map<String, String> confOverrides,
    List<String> saltingKeys,
    int saltingFactor) {}
