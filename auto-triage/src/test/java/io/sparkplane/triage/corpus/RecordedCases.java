package io.sparkplane.triage.corpus;

import static io.sparkplane.triage.TriageClass.BROADCAST_FAILURE;
import static io.sparkplane.triage.TriageClass.CONTAINER_MEMORY_EXCEEDED;
import static io.sparkplane.triage.TriageClass.DISK_FULL;
import static io.sparkplane.triage.TriageClass.DRIVER_OOM;
import static io.sparkplane.triage.TriageClass.EXECUTOR_OOM;
import static io.sparkplane.triage.TriageClass.EXTERNAL_SYSTEM;
import static io.sparkplane.triage.TriageClass.SHUFFLE_FETCH_FAILURE;
import static io.sparkplane.triage.TriageClass.UNKNOWN;
import static io.sparkplane.triage.TriageClass.USER_CODE_ERROR;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkplane.collector.store.StoredRun;
import io.sparkplane.triage.TriageClass;
import java.util.ArrayList;
import java.util.List;

/**
 * Cluster-only failures: error texts as YARN, Kubernetes and Spark's cluster schedulers write them
 * (Spark's source and user reports), carried by a real failed local run's summary, so that stages,
 * timing and totals are real and only the failure section is recorded.
 */
public final class RecordedCases {

  private RecordedCases() {}

  record Text(String name, TriageClass label, String origin, String exceptionClass, String message,
      String taskKind, String taskExample, String lossReason, Integer exitCode, String master) {}

  static List<Text> texts() {
    String yarn = "yarn";
    String k8s = "k8s://https://kubernetes.default.svc";
    return List.of(
        new Text("recorded-yarn-physical-memory", CONTAINER_MEMORY_EXCEEDED, "YARN NodeManager via Spark's YarnAllocator",
            "org.apache.spark.SparkException",
            "Job aborted due to stage failure: Task 17 in stage 4.0 failed 4 times, most recent failure: Lost task 17.3 in stage 4.0 (TID 1391) (ip-10-0-1-5.ec2.internal executor 9): ExecutorLostFailure (executor 9 exited caused by one of the running tasks) Reason: Container killed by YARN for exceeding physical memory limits. 12.4 GB of 12 GB physical memory used. Consider boosting spark.executor.memoryOverhead.",
            "ExecutorLostFailure", "ExecutorLostFailure (executor 9 exited caused by one of the running tasks) Reason: Container killed by YARN for exceeding physical memory limits. 12.4 GB of 12 GB physical memory used.",
            "Container killed by YARN for exceeding physical memory limits. 12.4 GB of 12 GB physical memory used. Consider boosting spark.executor.memoryOverhead.", null, yarn),
        new Text("recorded-yarn-exit-137", CONTAINER_MEMORY_EXCEEDED, "YARN (Hadoop 3) container diagnostics",
            "org.apache.spark.SparkException",
            "Job aborted due to stage failure: Task 3 in stage 11.0 failed 4 times, most recent failure: Lost task 3.3 in stage 11.0 (TID 902) (ip-10-0-3-9.ec2.internal executor 14): ExecutorLostFailure (executor 14 exited caused by one of the running tasks) Reason: Container from a bad node: container_1700000000000_0042_01_000015 on host: ip-10-0-3-9.ec2.internal. Exit status: 137. Diagnostics: Container killed on request. Exit code is 137",
            "ExecutorLostFailure", "Container killed on request. Exit code is 137\nContainer exited with a non-zero exit code 137.\nKilled by external signal",
            "Container from a bad node: container_1700000000000_0042_01_000015. Exit status: 137. Diagnostics: Container killed on request. Exit code is 137", 137, yarn),
        new Text("recorded-k8s-oomkilled", CONTAINER_MEMORY_EXCEEDED, "Spark on Kubernetes ExecutorPodsLifecycleManager",
            "org.apache.spark.SparkException",
            "Job aborted due to stage failure: Task 0 in stage 2.0 failed 4 times, most recent failure: Lost task 0.3 in stage 2.0 (TID 77) (10.244.1.17 executor 3): ExecutorLostFailure (executor 3 exited caused by one of the running tasks) Reason: The executor with id 3 exited with exit code 137(SIGKILL, possible container OOM).",
            "ExecutorLostFailure", "The executor with id 3 exited with exit code 137(SIGKILL, possible container OOM).\ncontainer state: terminated\ncontainer exit reason: OOMKilled",
            "The executor with id 3 exited with exit code 137(SIGKILL, possible container OOM). container exit reason: OOMKilled", 137, k8s),
        new Text("recorded-k8s-bare-137", CONTAINER_MEMORY_EXCEEDED, "Kubernetes executor loss with only an exit code",
            "org.apache.spark.SparkException",
            "Job aborted due to stage failure: Task 5 in stage 6.0 failed 4 times, most recent failure: Lost task 5.3 in stage 6.0 (TID 311) (10.244.2.4 executor 6): ExecutorLostFailure (executor 6 exited caused by one of the running tasks) Reason: Executor Pod terminated",
            "ExecutorLostFailure", "ExecutorLostFailure (executor 6 exited caused by one of the running tasks) Reason: Executor Pod terminated",
            "Executor Pod terminated", 137, k8s),
        new Text("recorded-executor-heap-oom", EXECUTOR_OOM, "Executor log, TaskSetManager",
            "org.apache.spark.SparkException",
            "Job aborted due to stage failure: Task 3 in stage 7.0 failed 4 times, most recent failure: Lost task 3.3 in stage 7.0 (TID 412) (10.0.3.17 executor 5): java.lang.OutOfMemoryError: Java heap space\n\tat java.base/java.util.Arrays.copyOf(Arrays.java:3537)",
            "ExceptionFailure", "java.lang.OutOfMemoryError: Java heap space\n\tat org.apache.spark.sql.catalyst.expressions.UnsafeRow.copy(UnsafeRow.java:491)",
            null, null, yarn),
        new Text("recorded-executor-gc-overhead", EXECUTOR_OOM, "Executor log, TaskSetManager",
            "org.apache.spark.SparkException",
            "Job aborted due to stage failure: Task 41 in stage 3.0 failed 4 times, most recent failure: Lost task 41.3 in stage 3.0 (TID 988) (10.0.4.2 executor 2): java.lang.OutOfMemoryError: GC overhead limit exceeded",
            "ExceptionFailure", "java.lang.OutOfMemoryError: GC overhead limit exceeded\n\tat java.base/java.util.HashMap.resize(HashMap.java:702)",
            null, null, yarn),
        new Text("recorded-executor-exit-52", EXECUTOR_OOM, "Spark on Kubernetes, SparkExitCode.OOM",
            "org.apache.spark.SparkException",
            "Job aborted due to stage failure: Task 12 in stage 9.0 failed 4 times, most recent failure: Lost task 12.3 in stage 9.0 (TID 1203) (10.244.3.8 executor 4): ExecutorLostFailure (executor 4 exited caused by one of the running tasks) Reason: The executor with id 4 exited with exit code 52(JVM OOM).",
            "ExecutorLostFailure", "The executor with id 4 exited with exit code 52(JVM OOM).",
            "The executor with id 4 exited with exit code 52(JVM OOM).", 52, k8s),
        new Text("recorded-executor-unable-to-acquire", EXECUTOR_OOM, "TaskMemoryManager in an executor",
            "org.apache.spark.SparkException",
            "Job aborted due to stage failure: Task 2 in stage 5.0 failed 4 times, most recent failure: Lost task 2.3 in stage 5.0 (TID 51) (10.0.0.12 executor 1): org.apache.spark.memory.SparkOutOfMemoryError: [UNABLE_TO_ACQUIRE_MEMORY] Unable to acquire 65536 bytes of memory, got 0.",
            "ExceptionFailure", "org.apache.spark.memory.SparkOutOfMemoryError: [UNABLE_TO_ACQUIRE_MEMORY] Unable to acquire 65536 bytes of memory, got 0.",
            null, null, yarn),
        new Text("recorded-fetch-failed-connect", SHUFFLE_FETCH_FAILURE, "Reduce task on YARN with the external shuffle service down",
            "org.apache.spark.SparkException",
            "Job aborted due to stage failure: ShuffleMapStage 12 (save at Writer.scala:41) has failed the maximum allowable number of times: 4. Most recent failure reason: org.apache.spark.shuffle.FetchFailedException: Failed to connect to ip-10-0-2-44.ec2.internal/10.0.2.44:7337\nCaused by: java.net.ConnectException: Connection refused",
            "FetchFailed", "FetchFailed(BlockManagerId(7, ip-10-0-2-44.ec2.internal, 7337, None), shuffleId=3, mapIndex=120, mapId=4411, reduceId=17, message=org.apache.spark.shuffle.FetchFailedException: Failed to connect to ip-10-0-2-44.ec2.internal/10.0.2.44:7337",
            null, null, yarn),
        new Text("recorded-metadata-fetch-failed", SHUFFLE_FETCH_FAILURE, "Executor lost with its shuffle output (no shuffle service)",
            "org.apache.spark.SparkException",
            "Job aborted due to stage failure: ResultStage 8 has failed the maximum allowable number of times: 4. Most recent failure reason: org.apache.spark.shuffle.MetadataFetchFailedException: Missing an output location for shuffle 3 partition 17",
            "FetchFailed", "org.apache.spark.shuffle.MetadataFetchFailedException: Missing an output location for shuffle 3 partition 17",
            null, null, k8s),
        new Text("recorded-fetch-failed-too-large-frame", SHUFFLE_FETCH_FAILURE, "User report: shuffle block over 2 GB",
            "org.apache.spark.SparkException",
            "Job aborted due to stage failure: ShuffleMapStage 32 (parquet at NativeMethodAccessorImpl.java:0) has failed the maximum allowable number of times: 4. Most recent failure reason: org.apache.spark.shuffle.FetchFailedException: Too large frame: 4410995563",
            "FetchFailed", "org.apache.spark.shuffle.FetchFailedException: Too large frame: 4410995563",
            null, null, yarn),
        new Text("recorded-fetch-failed-connection-reset", SHUFFLE_FETCH_FAILURE, "Reduce task whose peer executor was preempted",
            "org.apache.spark.SparkException",
            "Job aborted due to stage failure: ResultStage 5 has failed the maximum allowable number of times: 4. Most recent failure reason: FetchFailed(BlockManagerId(5, 10.0.0.8, 40123, None), shuffleId=2, mapIndex=14, mapId=2231, reduceId=9, message=\norg.apache.spark.shuffle.FetchFailedException: java.io.IOException: Connection reset by peer",
            "FetchFailed", "java.io.IOException: Connection reset by peer",
            null, null, k8s),
        new Text("recorded-yarn-no-space", DISK_FULL, "YARN NodeManager local dirs full during shuffle write",
            "org.apache.spark.SparkException",
            "Job aborted due to stage failure: Task 88 in stage 14.0 failed 4 times, most recent failure: Lost task 88.3 in stage 14.0 (TID 5120) (ip-10-0-5-20.ec2.internal executor 31): java.io.IOException: No space left on device\n\tat java.base/java.io.FileOutputStream.writeBytes(Native Method)",
            "ExceptionFailure", "java.io.IOException: No space left on device",
            null, null, yarn),
        new Text("recorded-analysis-unresolved-column", USER_CODE_ERROR, "Spark 4 AnalysisException as an engine reports it for a failed submission",
            "org.apache.spark.sql.AnalysisException",
            "[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with name `segmnet_id` cannot be resolved. Did you mean one of the following? [`segment_id`, `customer_id`]. SQLSTATE: 42703",
            null, null, null, null, yarn),
        new Text("recorded-analysis-table-not-found", USER_CODE_ERROR, "Spark 4 AnalysisException",
            "org.apache.spark.sql.AnalysisException",
            "[TABLE_OR_VIEW_NOT_FOUND] The table or view `prod`.`orders_v2` cannot be found. Verify the spelling and correctness of the schema and catalog. SQLSTATE: 42P01",
            null, null, null, null, k8s),
        new Text("recorded-postgres-connection", EXTERNAL_SYSTEM, "PostgreSQL JDBC source unavailable",
            "org.postgresql.util.PSQLException",
            "The connection attempt failed.",
            null, null, null, null, yarn),
        new Text("recorded-snowflake-timeout", EXTERNAL_SYSTEM, "Snowflake connector read timeout",
            "org.apache.spark.SparkException",
            "Job aborted due to stage failure: Task 0 in stage 1.0 failed 4 times, most recent failure: Lost task 0.3 in stage 1.0 (TID 9) (10.0.0.4 executor 1): net.snowflake.client.jdbc.SnowflakeSQLException: JDBC driver encountered communication error. Message: Read timed out.",
            "ExceptionFailure", "net.snowflake.client.jdbc.SnowflakeSQLException: JDBC driver encountered communication error. Message: Read timed out.",
            null, null, k8s),
        new Text("recorded-broadcast-too-large", BROADCAST_FAILURE, "Spark BroadcastExchangeExec size limit",
            "org.apache.spark.SparkException",
            "Cannot broadcast the table that is larger than 8.0 GiB: 9.3 GiB.",
            null, null, null, null, yarn),
        new Text("recorded-broadcast-driver-memory", BROADCAST_FAILURE, "Spark BroadcastExchangeExec on driver OOM",
            "org.apache.spark.memory.SparkOutOfMemoryError",
            "Not enough memory to build and broadcast the table to all worker nodes. As a workaround, you can either disable broadcast by setting spark.sql.autoBroadcastJoinThreshold to -1 or increase the spark driver memory by setting spark.driver.memory to a higher value.",
            null, null, null, null, yarn),
        new Text("recorded-driver-heap", DRIVER_OOM, "Driver thread out of heap, no task involved",
            "java.lang.OutOfMemoryError",
            "Java heap space",
            null, null, null, null, yarn),
        new Text("recorded-sparkcontext-shutdown", UNKNOWN, "Jobs failed because the application was shut down by the resource manager",
            "org.apache.spark.SparkException",
            "Job 14 cancelled because SparkContext was shut down",
            null, null, null, null, yarn),
        new Text("recorded-executor-heartbeat-timeout", UNKNOWN, "Executors lost to heartbeat timeouts (cause not in the driver's texts)",
            "org.apache.spark.SparkException",
            "Job aborted due to stage failure: Task 1 in stage 3.0 failed 4 times, most recent failure: Lost task 1.3 in stage 3.0 (TID 40) (10.0.0.9 executor 2): ExecutorLostFailure (executor 2 exited caused by one of the running tasks) Reason: Executor heartbeat timed out after 125000 ms",
            "ExecutorLostFailure", "ExecutorLostFailure (executor 2 exited caused by one of the running tasks) Reason: Executor heartbeat timed out after 125000 ms",
            "Executor heartbeat timed out after 125000 ms", null, yarn));
  }

  /** Each recorded text on a copy of {@code template} (a real failed run). */
  public static List<CorpusCase> on(StoredRun template) {
    List<CorpusCase> out = new ArrayList<>();
    for (Text t : texts()) {
      out.add(new CorpusCase(t.name(), t.label(), "recorded", t.origin(), graft(template, t)));
    }
    return out;
  }

  static StoredRun graft(StoredRun template, Text t) {
    ObjectNode run = Corpus.JSON.valueToTree(template);
    ObjectNode identity = (ObjectNode) run.get("identity");
    identity.put("runId", "corpus-" + t.name());
    identity.put("workload", t.name());
    identity.put("appId", "application_" + Math.abs(t.name().hashCode()));
    ObjectNode summary = (ObjectNode) run.get("summary");
    ObjectNode failure = summary.putObject("failure");
    failure.put("exceptionClass", t.exceptionClass());
    failure.put("message", t.message());
    failure.putArray("topFrames");
    ArrayNode tasks = failure.putArray("taskFailures");
    if (t.taskKind() != null) {
      ObjectNode task = tasks.addObject();
      task.put("kind", t.taskKind());
      task.put("detail", t.taskExample().lines().findFirst().orElse(""));
      task.put("example", t.taskExample());
      task.put("count", 4);
    }
    ArrayNode losses = failure.putArray("executorLosses");
    if (t.lossReason() != null || t.exitCode() != null) {
      ObjectNode loss = losses.addObject();
      loss.put("executorId", "9");
      loss.put("timeMs", template.submitTimeMs() + 1000);
      loss.put("reason", t.lossReason() == null ? "" : t.lossReason());
      if (t.exitCode() != null) {
        loss.put("exitCode", t.exitCode());
      }
    }
    failure.put("executorsLost", losses.size());
    // The failed stage reports the same reason Spark gave the job; a failure without tasks has none
    String firstLine = t.message().lines().findFirst().orElse("");
    for (var stage : summary.withArray("stages")) {
      if (stage.hasNonNull("failureReason")) {
        if (t.taskKind() == null) {
          ((ObjectNode) stage).remove("failureReason");
        } else {
          ((ObjectNode) stage).put("failureReason", firstLine);
        }
      }
    }
    for (String section : List.of("resources")) {
      if (run.get(section) instanceof ObjectNode r) {
        r.put("master", t.master());
      }
      if (summary.get(section) instanceof ObjectNode r) {
        r.put("master", t.master());
      }
    }
    return Corpus.JSON.convertValue(run, StoredRun.class);
  }
}
