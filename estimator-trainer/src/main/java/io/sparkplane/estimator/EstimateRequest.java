package io.sparkplane.estimator;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A request to size one run of a workload.
 *
 * <pre>{@code
 * new EstimateRequest("acme", "daily-segments", "run-42", features, Duration.ofMinutes(30));
 * }</pre>
 *
 * @param tenant the run's tenant
 * @param workload the logical job name, stable across runs
 * @param runId the id the run will have, if known: the request is then kept as the run's {@code
 *     estimate} attachment, and training learns from it once the run finished
 * @param features what the engine knows before running
 * @param targetSla how long the run may take, or {@code null} for no deadline
 */
public record EstimateRequest(
    String tenant,
    String workload,
    @Nullable String runId,
    JobFeatures features,
    @Nullable Duration targetSla) {

  public EstimateRequest {
    Objects.requireNonNull(tenant, "tenant");
    if (tenant.isBlank()) {
      throw new IllegalArgumentException("tenant must not be blank");
    }
    Objects.requireNonNull(workload, "workload");
    if (workload.isBlank()) {
      throw new IllegalArgumentException("workload must not be blank");
    }
    if (runId != null && runId.isBlank()) {
      throw new IllegalArgumentException("runId must not be blank when given");
    }
    Objects.requireNonNull(features, "features");
    if (targetSla != null && (targetSla.isNegative() || targetSla.isZero())) {
      throw new IllegalArgumentException("targetSla must be positive, was " + targetSla);
    }
  }
}
