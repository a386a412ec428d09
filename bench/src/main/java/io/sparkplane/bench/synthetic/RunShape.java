package io.sparkplane.bench.synthetic;

/**
 * The shape of a synthetic run: {@code stages} stages of {@code tasksPerStage} tasks each, run as
 * jobs of {@code concurrentStages} stages whose tasks finish interleaved, as they do when a job's
 * stages overlap on a cluster.
 *
 * @param failureRate share of task-end events that are failures or kills
 * @param seed makes the run reproducible
 */
public record RunShape(
    int stages, int tasksPerStage, int concurrentStages, double failureRate, long seed) {

  public RunShape {
    if (stages < 1) {
      throw new IllegalArgumentException("stages must be at least 1: " + stages);
    }
    if (tasksPerStage < 1) {
      throw new IllegalArgumentException("tasksPerStage must be at least 1: " + tasksPerStage);
    }
    if (concurrentStages < 1) {
      throw new IllegalArgumentException("concurrentStages must be at least 1: " + concurrentStages);
    }
    if (failureRate < 0 || failureRate >= 1) {
      throw new IllegalArgumentException("failureRate must be in [0, 1): " + failureRate);
    }
  }

  /** {@code totalTasks} spread evenly over {@code stages}, with a 0.2% failure rate. */
  public static RunShape of(long totalTasks, int stages, int concurrentStages) {
    if (totalTasks % stages != 0) {
      throw new IllegalArgumentException(totalTasks + " tasks do not divide into " + stages + " stages");
    }
    return new RunShape(stages, (int) (totalTasks / stages), concurrentStages, 0.002, 42);
  }

  public long totalTasks() {
    return (long) stages * tasksPerStage;
  }

  @Override
  public String toString() {
    return totalTasks()
        + " tasks / "
        + stages
        + " stages ("
        + tasksPerStage
        + " per stage, "
        + concurrentStages
        + " active at once)";
  }
}
