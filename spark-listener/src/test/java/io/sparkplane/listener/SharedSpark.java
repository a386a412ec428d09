package io.sparkplane.listener;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;

/**
 * One local SparkSession for all listener tests in this JVM, with one SparkplaneListener attached
 * that records telemetry. Each test runs its workload under its own {@code sparkplane.run.id}, the
 * way an engine that reuses a session runs many workloads, so tests share Spark without sharing runs.
 */
public final class SharedSpark {

  private static SparkSession session;
  private static RecordingSink sink;
  private static SparkplaneListener listener;

  private SharedSpark() {}

  public static synchronized SparkSession session() {
    if (session == null) {
      session =
          SparkSession.builder()
              .master("local[2]")
              .appName("sparkplane-listener-tests")
              .config("spark.ui.enabled", "false")
              .config("spark.sql.shuffle.partitions", "8")
              .config("spark.sql.autoBroadcastJoinThreshold", "-1")
              .config("spark.sql.adaptive.coalescePartitions.enabled", "false")
              .config("spark.driver.host", "127.0.0.1")
              .getOrCreate();
      sink = new RecordingSink();
      listener =
          new SparkplaneListener(
              Map.of(
                  "spark.sparkplane.tenant", "acme",
                  "spark.sparkplane.heartbeat.interval", "200ms",
                  "spark.sparkplane.run.idleTimeout", "3s"),
              Clock.systemUTC(),
              sink);
      session.sparkContext().addSparkListener(listener);
      Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
    }
    return session;
  }

  public static RecordingSink sink() {
    session();
    return sink;
  }

  public static SparkplaneListener listener() {
    session();
    return listener;
  }

  /** Starts a run on the calling thread's jobs; returns its id. */
  public static String beginRun(String workload) {
    String runId = workload + "-" + UUID.randomUUID();
    var sc = session().sparkContext();
    sc.setLocalProperty("sparkplane.run.id", runId);
    sc.setLocalProperty("sparkplane.workload", workload);
    sc.setLocalProperty("sparkplane.region", "eu-west-1");
    return runId;
  }

  public static void endRun() {
    var sc = session().sparkContext();
    sc.setLocalProperty("sparkplane.run.id", null);
    sc.setLocalProperty("sparkplane.workload", null);
    sc.setLocalProperty("sparkplane.region", null);
  }
}
