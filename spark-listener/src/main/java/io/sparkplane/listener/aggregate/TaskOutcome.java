package io.sparkplane.listener.aggregate;

import org.apache.spark.Success$;
import org.apache.spark.TaskCommitDenied;
import org.apache.spark.TaskEndReason;
import org.apache.spark.TaskKilled;

/** How a task ended, counted the way Spark's own status store counts it. */
enum TaskOutcome {
  SUCCEEDED,
  FAILED,
  KILLED;

  static TaskOutcome of(TaskEndReason reason) {
    if (reason == Success$.MODULE$) {
      return SUCCEEDED;
    }
    if (reason instanceof TaskKilled || reason instanceof TaskCommitDenied) {
      return KILLED;
    }
    return FAILED;
  }
}
