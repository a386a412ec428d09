package io.sparkplane.wire;

import java.util.Objects;

/**
 * Who a run is: one execution attempt of a workload.
 *
 * @param runId unique id of the attempt (defaults to the Spark application id)
 * @param tenant customer the run belongs to
 * @param region optional deployment region
 * @param workload optional logical job name, stable across runs
 * @param attempt 1 for the first attempt, incremented by retries
 * @param appId Spark application id
 * @param appName Spark application name, optional
 * @param slaDeadlineMs optional epoch millis by which the run must finish
 */
public record RunIdentity(
    String runId,
    String tenant,
    String region,
    String workload,
    int attempt,
    String appId,
    String appName,
    Long slaDeadlineMs) {

  public static final String DEFAULT_TENANT = "default";

  public RunIdentity {
    Objects.requireNonNull(runId, "runId");
    if (runId.isBlank()) {
      throw new IllegalArgumentException("runId must not be blank");
    }
    Objects.requireNonNull(tenant, "tenant");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be >= 1, was " + attempt);
    }
  }
}
