package io.sparkplane.wire;

import java.util.List;

/**
 * Why a run failed (or what went wrong in a run that recovered).
 *
 * @param exceptionClass class of the exception that failed the job, optional
 * @param message its message, truncated
 * @param topFrames first stack frames, bounded
 * @param failedJobId the job that failed, optional
 * @param failedStageId the stage whose failure failed the job, optional
 * @param taskFailures failed and killed tasks grouped by reason, bounded
 * @param executorLosses executors lost during the run, bounded (most recent kept)
 * @param executorsLost total executors lost, including those not listed
 */
public record Failure(
    String exceptionClass,
    String message,
    List<String> topFrames,
    Integer failedJobId,
    Integer failedStageId,
    List<TaskFailureCount> taskFailures,
    List<ExecutorLoss> executorLosses,
    long executorsLost) {

  public Failure {
    topFrames = List.copyOf(topFrames);
    taskFailures = List.copyOf(taskFailures);
    executorLosses = List.copyOf(executorLosses);
  }
}
