package io.sparkplane.triage;

/**
 * Why a run failed or ran slow. Exactly one is a verdict's primary class; others can be secondary
 * findings. {@link #retryable()} says whether a retry with remedies can help at all: Cartesian
 * explosions and user-code errors become customer guidance instead.
 */
public enum TriageClass {
  DATA_SKEW(true),
  CARTESIAN_EXPLOSION(false),
  EXECUTOR_OOM(true),
  CONTAINER_MEMORY_EXCEEDED(true),
  DRIVER_OOM(true),
  RESULT_SIZE_EXCEEDED(true),
  BROADCAST_FAILURE(true),
  SHUFFLE_FETCH_FAILURE(true),
  DISK_FULL(true),
  EXTERNAL_SYSTEM(true),
  SUBOPTIMAL_PARTITIONING(true),
  PLANNING_BOTTLENECK(false),
  USER_CODE_ERROR(false),
  UNKNOWN(false);

  private final boolean retryable;

  TriageClass(boolean retryable) {
    this.retryable = retryable;
  }

  /** Whether remedies applied on a retry can fix this class (the retry policy decides the rest). */
  public boolean retryable() {
    return retryable;
  }
}
