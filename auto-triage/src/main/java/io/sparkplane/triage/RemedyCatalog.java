package io.sparkplane.triage;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The remedies each class maps to, naming concrete Spark settings. The values are starting points
 * or directions; the retry policy (built on these verdicts) computes run-specific values such as a
 * salting factor or the next step of a memory ladder.
 */
public final class RemedyCatalog {

  private static final Map<TriageClass, List<Remedy>> REMEDIES = new EnumMap<>(TriageClass.class);

  static {
    put(TriageClass.DATA_SKEW,
        remedy("Let AQE split skewed join partitions",
            "spark.sql.adaptive.enabled", "true",
            "spark.sql.adaptive.skewJoin.enabled", "true",
            "spark.sql.adaptive.skewJoin.skewedPartitionFactor", "5",
            "spark.sql.adaptive.skewJoin.skewedPartitionThresholdInBytes", "256m"),
        remedy("Salt the hot key (factor = hot partition bytes / advisory partition size)",
            "spark.sql.adaptive.advisoryPartitionSizeInBytes", "64m"));
    put(TriageClass.CARTESIAN_EXPLOSION,
        remedy("Do not retry: fix the join keys (duplicates or a missing condition) with the data owner"));
    put(TriageClass.EXECUTOR_OOM,
        remedy("Give each task more heap: raise executor memory or lower cores per executor",
            "spark.executor.memory", "increase",
            "spark.executor.cores", "decrease"),
        remedy("Use smaller partitions", "spark.sql.shuffle.partitions", "increase"));
    put(TriageClass.CONTAINER_MEMORY_EXCEEDED,
        remedy("Raise the off-heap allowance of the container",
            "spark.executor.memoryOverhead", "increase",
            "spark.executor.memoryOverheadFactor", "0.2"));
    put(TriageClass.DRIVER_OOM,
        remedy("Raise driver memory; avoid collect() of large results",
            "spark.driver.memory", "increase"),
        remedy("Stop broadcasting large tables", "spark.sql.autoBroadcastJoinThreshold", "-1"));
    put(TriageClass.RESULT_SIZE_EXCEEDED,
        remedy("Raise the result limit (with driver memory) or write results out instead of collecting",
            "spark.driver.maxResultSize", "increase",
            "spark.driver.memory", "increase"));
    put(TriageClass.BROADCAST_FAILURE,
        remedy("Broadcast less or wait longer",
            "spark.sql.autoBroadcastJoinThreshold", "-1",
            "spark.sql.broadcastTimeout", "600"));
    put(TriageClass.SHUFFLE_FETCH_FAILURE,
        remedy("Retry fetches longer and keep shuffle data beyond executors",
            "spark.shuffle.io.maxRetries", "10",
            "spark.shuffle.io.retryWait", "30s",
            "spark.shuffle.service.enabled", "true"));
    put(TriageClass.DISK_FULL,
        remedy("Spill and shuffle to larger disks, or spread the data over more partitions",
            "spark.local.dir", "larger volume",
            "spark.sql.shuffle.partitions", "increase"));
    put(TriageClass.EXTERNAL_SYSTEM,
        remedy("Retry later with fewer concurrent connections to the source",
            "spark.sql.jdbc.numPartitions", "decrease"));
    put(TriageClass.SUBOPTIMAL_PARTITIONING,
        remedy("Let AQE size partitions",
            "spark.sql.adaptive.enabled", "true",
            "spark.sql.adaptive.coalescePartitions.enabled", "true",
            "spark.sql.adaptive.advisoryPartitionSizeInBytes", "64m"),
        remedy("Size shuffle partitions to the data", "spark.sql.shuffle.partitions", "adjust"));
    put(TriageClass.PLANNING_BOTTLENECK,
        remedy("Simplify the plan: cache or checkpoint intermediate results, fewer chained projections"));
    put(TriageClass.USER_CODE_ERROR, remedy("Do not retry: fix the query or UDF named in the error"));
    put(TriageClass.UNKNOWN, remedy("Read the driver log; no known failure signature matched"));
  }

  private RemedyCatalog() {}

  /** The remedies of {@code triageClass}, most effective first. */
  public static List<Remedy> forClass(TriageClass triageClass) {
    return REMEDIES.get(triageClass);
  }

  private static void put(TriageClass c, Remedy... remedies) {
    REMEDIES.put(c, List.of(remedies));
  }

  private static Remedy remedy(String action, String... keyValues) {
    Map<String, String> settings = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      settings.put(keyValues[i], keyValues[i + 1]);
    }
    return new Remedy(action, settings);
  }
}
