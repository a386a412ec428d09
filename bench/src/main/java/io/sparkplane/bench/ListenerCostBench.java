package io.sparkplane.bench;

import io.sparkplane.listener.SparkplaneListener;
import io.sparkplane.listener.TelemetrySink;
import io.sparkplane.wire.EventType;
import io.sparkplane.wire.ListenerCost;
import io.sparkplane.wire.TelemetryEvent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.SparkSession;

/**
 * What the listener says it cost, on real local Spark jobs of {@code --tasks} tasks (default 20,000):
 * bus-thread CPU per task, listener CPU / executor CPU, retained-memory peak, from each run's
 * {@code listenerCost} section. Runs {@code --runs} measured jobs after one warm-up job in one JVM
 * and prints every run and the medians against the targets (≤ 20 µs per task, ≤ 1% of executor CPU).
 *
 * <pre>bench/run-listener-bench.sh cost --tasks 20000 --runs 5</pre>
 */
public final class ListenerCostBench {

  private ListenerCostBench() {}

  public static void main(String[] args) throws Exception {
    Args a = new Args(args, Map.of("tasks", "20000", "runs", "5"));
    int tasks = a.integer("tasks");
    int runs = a.integer("runs");
    Map<String, ListenerCost> costs = new ConcurrentHashMap<>();
    TelemetrySink sink =
        event -> {
          if (event.type() == EventType.RUN_FINISHED && event.summary().listenerCost() != null) {
            costs.put(event.run().runId(), event.summary().listenerCost());
          }
        };
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("listener-cost-bench")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "4")
            .getOrCreate();
    SparkplaneListener listener =
        new SparkplaneListener(
            Map.of("spark.sparkplane.run.idleTimeout", "1s", "spark.sparkplane.heartbeat.interval", "250ms"),
            Clock.systemUTC(),
            sink);
    spark.sparkContext().addSparkListener(listener);
    List<ListenerCost> measured = new ArrayList<>();
    for (int i = 0; i <= runs; i++) {
      String runId = "cost-" + i + "-" + UUID.randomUUID();
      spark.sparkContext().setLocalProperty("sparkplane.run.id", runId);
      spark.range(0, tasks * 50L, 1, tasks).selectExpr("id % 97 AS k").groupBy("k").count().collect();
      spark.sparkContext().setLocalProperty("sparkplane.run.id", null);
      while (!costs.containsKey(runId)) {
        Thread.sleep(100);
      }
      ListenerCost cost = costs.get(runId);
      System.out.printf(
          "%s run %d: %d task events, bus CPU %.2f µs/task, listener/executor CPU %.4f%%, retained peak %d B%n",
          i == 0 ? "warm-up " : "measured",
          i,
          cost.taskEvents(),
          cost.busCpuNanosPerTask() / 1e3,
          cost.cpuToExecutorCpuRatio() * 100,
          cost.retainedBytesPeak());
      if (i > 0) {
        measured.add(cost);
      }
    }
    spark.stop();
    double perTask = median(measured.stream().mapToDouble(ListenerCost::busCpuNanosPerTask).toArray()) / 1e3;
    double ratio = median(measured.stream().mapToDouble(ListenerCost::cpuToExecutorCpuRatio).toArray()) * 100;
    System.out.printf(
        "RESULT median over %d runs of %d tasks: bus CPU %.2f µs/task (target <= 20), listener/executor CPU %.4f%% (target <= 1%%)%n",
        measured.size(), tasks, perTask, ratio);
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    java.util.Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
