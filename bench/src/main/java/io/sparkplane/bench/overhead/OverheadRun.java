package io.sparkplane.bench.overhead;

import io.sparkplane.listener.SparkplaneListener;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * One side of one pair, in its own JVM: a local[2] SparkSession runs a warm-up action, then the timed
 * action of {@code tasks} map tasks plus a shuffle stage, and prints a {@link RunSample} line.
 *
 * <p>Arguments: {@code WITH|WITHOUT tasks warmupTasks collectorUrl attach}, where {@code attach} is
 * {@code api} (the listener is added with {@code addSparkListener} right after the context starts, so
 * its callback time can be read) or {@code conf} ({@code spark.extraListeners}, as in production; no
 * callback figure).
 */
public final class OverheadRun {

  private static final long ROWS_PER_TASK = 200;

  private OverheadRun() {}

  public static void main(String[] args) throws TimeoutException {
    Variant variant = Variant.valueOf(args[0]);
    int tasks = Integer.parseInt(args[1]);
    int warmupTasks = Integer.parseInt(args[2]);
    String collectorUrl = args[3];
    boolean viaConf = "conf".equals(args[4]);

    SparkSession.Builder builder =
        SparkSession.builder()
            .master("local[2]")
            .appName("sparkplane-overhead-" + variant)
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.sparkplane.collector.url", collectorUrl);
    if (variant == Variant.WITH && viaConf) {
      builder.config("spark.extraListeners", SparkplaneListener.class.getName());
    }
    SparkSession spark = builder.getOrCreate();
    SparkContext sc = spark.sparkContext();
    sc.setLogLevel("WARN");
    SparkplaneListener listener = null;
    if (variant == Variant.WITH && !viaConf) {
      listener = new SparkplaneListener(confMap(sc), Clock.systemUTC());
      sc.addSparkListener(listener);
    }
    TaskCounter counter = new TaskCounter();
    sc.addSparkListener(counter);

    job(spark, warmupTasks);
    sc.listenerBus().waitUntilEmpty(120_000);

    long tasksBefore = counter.tasks.get();
    long callbackBefore = listener == null ? 0 : listener.callbackNanos();
    long cpu0 = processCpuNanos();
    long t0 = System.nanoTime();
    job(spark, tasks);
    long t1 = System.nanoTime();
    long cpu1 = processCpuNanos();
    sc.listenerBus().waitUntilEmpty(120_000);
    long t2 = System.nanoTime();
    long callback = listener == null ? 0 : listener.callbackNanos() - callbackBefore;

    RunSample sample =
        new RunSample(
            variant,
            (t1 - t0) / 1_000_000,
            (t2 - t0) / 1_000_000,
            (cpu1 - cpu0) / 1_000_000,
            counter.tasks.get() - tasksBefore,
            callback);
    System.out.println(sample.toLine());
    System.out.flush();
    spark.stop();
  }

  /** A light per-row computation over {@code tasks} partitions, then an aggregation shuffle. */
  private static void job(SparkSession spark, int tasks) {
    spark
        .range(0, tasks * ROWS_PER_TASK, 1, tasks)
        .selectExpr("id % 1009 AS k", "sqrt(id) * 3 + id % 7 AS v")
        .groupBy("k")
        .agg(org.apache.spark.sql.functions.sum("v"))
        .collectAsList();
  }

  private static Map<String, String> confMap(SparkContext sc) {
    Map<String, String> map = new HashMap<>();
    for (Tuple2<String, String> kv : sc.getConf().getAll()) {
      map.put(kv._1(), kv._2());
    }
    return map;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Counts task ends; attached in both variants so they carry the same extra listener. */
  private static final class TaskCounter extends SparkListener {
    final AtomicLong tasks = new AtomicLong();

    @Override
    public void onTaskEnd(SparkListenerTaskEnd event) {
      tasks.incrementAndGet();
    }
  }
}
