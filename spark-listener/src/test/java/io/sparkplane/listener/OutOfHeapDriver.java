package io.sparkplane.listener;

import io.sparkplane.wire.TelemetryJson;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * A Spark driver that runs one small job, then collects far more rows than its heap holds, with the
 * listener writing every event it emits to stdout as one JSON line. Run it with a small -Xmx and
 * -XX:+ExitOnOutOfMemoryError. Arguments: heartbeat interval.
 */
public final class OutOfHeapDriver {

  public static final String RUN_ID = "out-of-heap";

  private OutOfHeapDriver() {}

  public static void main(String[] args) throws Exception {
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("out-of-heap")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .getOrCreate();
    PrintStream out = System.out;
    SparkplaneListener listener =
        new SparkplaneListener(
            Map.of(
                "spark.sparkplane.tenant", "acme",
                "spark.sparkplane.run.id", RUN_ID,
                "spark.sparkplane.heartbeat.interval", args[0]),
            Clock.systemUTC(),
            event -> {
              synchronized (out) {
                out.println(TelemetryJson.toJson(event));
                out.flush();
              }
            });
    spark.sparkContext().addSparkListener(listener);
    spark.range(0, 10_000, 1, 2).selectExpr("sum(id)").collect();
    Thread.sleep(1500);
    spark.range(0, 400_000_000L, 1, 4).selectExpr("id", "uuid() AS u").collectAsList();
    System.err.println("unreachable: the collect should not fit in the heap");
  }
}
