package io.sparkplane.estimator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON form of an {@link Estimate}, the body of a {@code POST /api/v1/estimates} answer. */
public final class EstimateJson {

  private EstimateJson() {}

  public static ObjectNode toJson(EstimateRequest request, Estimate e) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("tenant", request.tenant());
    root.put("workload", request.workload());
    if (request.runId() != null) {
      root.put("runId", request.runId());
    }
    root.put("executors", e.executors());
    root.put("executorCores", e.executorCores());
    root.put("executorMemoryMb", e.executorMemoryMb());
    root.put("executorMemoryOverheadMb", e.executorMemoryOverheadMb());
    root.put("shufflePartitions", e.shufflePartitions());
    root.put("predictedRuntimeP50Seconds", e.runtimeP50().toMillis() / 1000.0);
    root.put("predictedRuntimeP90Seconds", e.runtimeP90().toMillis() / 1000.0);
    root.put("predictedPeakMemoryBytes", e.peakMemoryBytes());
    root.put("modelVersion", e.modelVersion());
    root.put("heuristicFallback", e.heuristicFallback());
    root.put("slaMet", e.slaMet());
    ObjectNode conf = root.putObject("sparkConf");
    conf.put("spark.executor.instances", Integer.toString(e.executors()));
    conf.put("spark.executor.cores", Integer.toString(e.executorCores()));
    conf.put("spark.executor.memory", e.executorMemoryMb() + "m");
    conf.put("spark.executor.memoryOverhead", e.executorMemoryOverheadMb() + "m");
    conf.put("spark.sql.shuffle.partitions", Integer.toString(e.shufflePartitions()));
    return root;
  }
}
