package io.sparkplane.wire;

/** How far a run has come. */
public record Progress(
    int activeJobs,
    int completedJobs,
    int failedJobs,
    int activeStages,
    int completedStages,
    int failedStages,
    long completedTasks,
    long failedTasks) {

  public static final Progress NONE = new Progress(0, 0, 0, 0, 0, 0, 0, 0);
}
