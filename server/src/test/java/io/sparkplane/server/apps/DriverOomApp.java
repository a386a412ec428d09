package io.sparkplane.server.apps;

import org.apache.spark.sql.SparkSession;

/**
 * A Spark application that runs one small job, lets two scheduled heartbeats go out, then pulls far
 * more rows into the driver than its heap holds. Run it with a small -Xmx and
 * -XX:+ExitOnOutOfMemoryError. Arguments: collector URL, run id, heartbeat interval in ms (the
 * collector's {@code lostRuns.heartbeatInterval}, so that both agree on when the run is lost).
 */
public final class DriverOomApp {

  private DriverOomApp() {}

  public static void main(String[] args) throws Exception {
    long heartbeatMs = Long.parseLong(args[2]);
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("driver-oom")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.extraListeners", "io.sparkplane.listener.SparkplaneListener")
            .config("spark.sparkplane.collector.url", args[0])
            .config("spark.sparkplane.run.id", args[1])
            .config("spark.sparkplane.tenant", "acme")
            // a production-like schedule: no faster one is needed for triage, because a GC that
            // leaves the heap nearly full sends a heartbeat at once, with the heap after that GC
            .config("spark.sparkplane.heartbeat.interval", heartbeatMs + "ms")
            .getOrCreate();
    spark.range(0, 10_000, 1, 2).selectExpr("sum(id)").collect();
    Thread.sleep(2 * heartbeatMs + 500);
    // Far more than the driver heap: the JVM dies here, before the application can end.
    spark.range(0, 400_000_000L, 1, 4).selectExpr("id", "uuid() AS u").collectAsList();
    System.out.println("unreachable: the collect should not fit in the heap");
  }
}
