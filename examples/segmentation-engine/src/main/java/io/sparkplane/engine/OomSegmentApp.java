package io.sparkplane.engine;

import org.apache.spark.sql.SparkSession;

/**
 * A segment export that pulls every generated event into the driver: with {@code -Xmx512m
 * -XX:+ExitOnOutOfMemoryError} the driver dies mid-run and the control plane marks the run
 * {@code LOST}. {@link DemoScenario} starts it as a subprocess.
 *
 * <p>Arguments: collector URL, run id, tenant, region.
 */
public final class OomSegmentApp {

  public static final String WORKLOAD = "segment-export";

  private OomSegmentApp() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println("usage: OomSegmentApp <collectorUrl> <runId> <tenant> <region>");
      System.exit(2);
    }
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("segment-export")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.extraListeners", "io.sparkplane.listener.SparkplaneListener")
            .config("spark.sparkplane.collector.url", args[0])
            .config("spark.sparkplane.run.id", args[1])
            .config("spark.sparkplane.tenant", args[2])
            .config("spark.sparkplane.region", args[3])
            .config("spark.sparkplane.workload", WORKLOAD)
            // the demo control plane's lost-run interval: silent for 3 s makes the run LOST. Triage
            // needs no faster schedule: a GC that leaves the heap nearly full sends a heartbeat at
            // once, with the heap after that GC (triage.memory.driverHeapAfterGcNearMaxFraction)
            .config("spark.sparkplane.heartbeat.interval", "1s")
            .getOrCreate();
    spark.range(0, 10_000, 1, 2).selectExpr("sum(id)").collect();
    Thread.sleep(1500);
    // Far more than the driver heap: the JVM dies here, before the application can end.
    spark.range(0, 400_000_000L, 1, 4).selectExpr("id AS event_id", "uuid() AS payload").collectAsList();
    System.out.println("unreachable: the export should not fit in the driver heap");
  }
}
