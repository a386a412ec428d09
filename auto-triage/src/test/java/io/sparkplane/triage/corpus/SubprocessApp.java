package io.sparkplane.triage.corpus;

import org.apache.spark.sql.SparkSession;

/**
 * A Spark application for cases that need their own JVM: a tiny {@code spark.local.dir} (disk full)
 * or a heap that runs out (the JVM dies). Reports to a collector through the listener.
 * Arguments: mode, collector URL, run id prefix, [local dir].
 */
public final class SubprocessApp {

  private SubprocessApp() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    SparkSession.Builder builder =
        SparkSession.builder()
            .master("local[2]")
            .appName("corpus-" + mode)
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.sql.adaptive.coalescePartitions.enabled", "false")
            .config("spark.extraListeners", "io.sparkplane.listener.SparkplaneListener")
            .config("spark.sparkplane.collector.url", args[1])
            .config("spark.sparkplane.tenant", "acme")
            // a production-like schedule: a driver running out of heap is caught by the heartbeat a
            // GC that leaves the heap nearly full sends at once, not by a fast schedule
            .config("spark.sparkplane.heartbeat.interval", "1s")
            .config("spark.sparkplane.run.idleTimeout", "1s");
    if (args.length > 3) {
      builder.config("spark.local.dir", args[3]);
    }
    SparkSession spark = builder.getOrCreate();
    String prefix = args[2];
    switch (mode) {
      case "disk-full" -> diskFull(spark, prefix, args[3]);
      case "driver-oom-collect" -> inRun(spark, prefix, "driver-oom-collect",
          () -> spark.range(0, 400_000_000L, 1, 4).selectExpr("id", "uuid() AS u").collectAsList());
      case "driver-oom-broadcast" -> inRun(spark, prefix, "driver-oom-broadcast",
          () -> spark.sql("SELECT /*+ BROADCAST(b) */ count(*) FROM range(0, 1000) a JOIN "
              + "(SELECT id, uuid() AS u, uuid() AS v FROM range(0, 60000000, 1, 4)) b ON a.id = b.id").collect());
      case "driver-oom-task-heap" -> inRun(spark, prefix, "driver-oom-task-heap",
          () -> spark.sql("SELECT size(collect_list(sha2(cast(id AS string), 256))) FROM range(0, 80000000, 1, 2)").collect());
      case "killed" -> inRun(spark, prefix, "killed",
          () -> spark.sql("SELECT count(*) FROM range(0, 100000000000, 1, 2) WHERE sha2(cast(id AS string), 256) = 'x'").collect());
      default -> throw new IllegalArgumentException("unknown mode " + mode);
    }
    Thread.sleep(2500); // let the idle timeout end the last run before the application ends
    spark.stop();
  }

  private static void diskFull(SparkSession spark, String prefix, String localDir) throws Exception {
    inRun(spark, prefix, "disk-full-output-write", () -> spark.sql("SELECT id, uuid() AS u, uuid() AS v FROM range(0, 6000000, 1, 2)")
        .write().mode("overwrite").parquet(localDir + "/output"));
    Thread.sleep(2500);
    inRun(spark, prefix, "disk-full-sort-shuffle", () -> spark.sql(
        "SELECT h, count(*) FROM (SELECT sha2(cast(id AS string), 512) AS h FROM range(0, 3000000, 1, 2)) GROUP BY h ORDER BY h LIMIT 5").collect());
    Thread.sleep(2500);
    inRun(spark, prefix, "disk-full-disk-only-cache", () -> {
      var df = spark.sql("SELECT id, sha2(cast(id AS string), 512) AS h FROM range(0, 3000000, 1, 2)")
          .persist(org.apache.spark.storage.StorageLevel.DISK_ONLY());
      df.count();
    });
  }

  private static void inRun(SparkSession spark, String prefix, String name, Body body) {
    var sc = spark.sparkContext();
    sc.setLocalProperty("sparkplane.run.id", prefix + name);
    sc.setLocalProperty("sparkplane.workload", name);
    try {
      body.run();
    } catch (Exception e) {
      System.out.println("case " + name + " failed as intended: " + e.getMessage());
    } finally {
      sc.setLocalProperty("sparkplane.run.id", null);
      sc.setLocalProperty("sparkplane.workload", null);
    }
  }

  @FunctionalInterface
  private interface Body {
    void run() throws Exception;
  }
}
