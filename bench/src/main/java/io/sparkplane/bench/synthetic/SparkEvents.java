package io.sparkplane.bench.synthetic;

import java.util.List;
import java.util.Properties;
import org.apache.spark.TaskEndReason;
import org.apache.spark.TaskState;
import org.apache.spark.executor.ExecutorMetrics;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.JobSucceeded$;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.apache.spark.scheduler.SparkListenerApplicationStart;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.scheduler.TaskInfo;
import org.apache.spark.scheduler.TaskLocality;

/** Spark's real listener event objects, constructed the way the DAG scheduler fills them. */
public final class SparkEvents {

  private SparkEvents() {}

  public static SparkListenerApplicationStart applicationStart(String appId, long timeMs) {
    return new SparkListenerApplicationStart(
        "bench-app", Scala.some(appId), timeMs, "bench", Scala.none(), Scala.none(), Scala.none());
  }

  public static SparkListenerApplicationEnd applicationEnd(long timeMs) {
    return new SparkListenerApplicationEnd(timeMs, Scala.someLong(0));
  }

  public static StageInfo stageInfo(int stageId, String name, int numTasks) {
    return new StageInfo(
        stageId,
        0,
        name,
        numTasks,
        Scala.emptySeq(),
        Scala.emptySeq(),
        "org.apache.spark.sql.Dataset.collect(Dataset.scala:3578)",
        TaskMetrics.empty(),
        Scala.emptySeq(),
        Scala.none(),
        0,
        false,
        0);
  }

  public static SparkListenerJobStart jobStart(int jobId, long timeMs, List<StageInfo> stages) {
    Properties props = new Properties();
    props.setProperty("spark.job.description", "bench job " + jobId);
    props.setProperty("spark.scheduler.pool", "default");
    return new SparkListenerJobStart(jobId, timeMs, Scala.seq(stages), props);
  }

  public static SparkListenerJobEnd jobEnd(int jobId, long timeMs) {
    return new SparkListenerJobEnd(jobId, timeMs, JobSucceeded$.MODULE$);
  }

  public static SparkListenerStageSubmitted stageSubmitted(StageInfo info, long timeMs) {
    info.submissionTime_$eq(Scala.someLong(timeMs));
    return new SparkListenerStageSubmitted(info, new Properties());
  }

  public static SparkListenerStageCompleted stageCompleted(StageInfo info, long timeMs) {
    info.completionTime_$eq(Scala.someLong(timeMs));
    return new SparkListenerStageCompleted(info);
  }

  /** A finished task: {@code reason} is {@code Success$.MODULE$} for a successful one. */
  public static SparkListenerTaskEnd taskEnd(
      int stageId,
      long taskId,
      int index,
      long launchMs,
      long finishMs,
      TaskEndReason reason,
      TaskMetrics metrics) {
    String executor = Integer.toString(1 + (int) (taskId % 50));
    TaskInfo info =
        new TaskInfo(
            taskId,
            index,
            0,
            index,
            launchMs,
            executor,
            "worker-" + executor + ".cluster.local",
            TaskLocality.PROCESS_LOCAL(),
            false);
    boolean succeeded = reason == org.apache.spark.Success$.MODULE$;
    info.markFinished(succeeded ? TaskState.FINISHED() : TaskState.FAILED(), finishMs);
    return new SparkListenerTaskEnd(
        stageId, 0, "ResultTask", reason, info, new ExecutorMetrics(), metrics);
  }
}
