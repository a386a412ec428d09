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

  /** Spark's own event log of the shared application, for tests that replay what Spark saw. */
  public static final java.nio.file.Path EVENT_LOG_DIR =
      java.nio.file.Path.of("target", "spark-events").toAbsolutePath();

  private static SparkSession session;
  private static RecordingSink sink;
  private static SparkplaneListener listener;

  private SharedSpark() {}

  public static synchronized SparkSession session() {
    if (session == null) {
      EVENT_LOG_DIR.toFile().mkdirs();
      session =
          SparkSession.builder()
              .master("local[2]")
              .appName("sparkplane-listener-tests")
              .config("spark.ui.enabled", "false")
              .config("spark.sql.shuffle.partitions", "8")
              .config("spark.sql.autoBroadcastJoinThreshold", "-1")
              .config("spark.sql.adaptive.coalescePartitions.enabled", "false")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.eventLog.enabled", "true")
              .config("spark.eventLog.dir", EVENT_LOG_DIR.toUri().toString())
              .config("spark.eventLog.rolling.enabled", "false")
              .config("spark.eventLog.compress", "false")
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

  /** The shared application's event log file (still in progress while the session runs). */
  public static java.nio.file.Path eventLog() {
    String appId = session().sparkContext().applicationId();
    java.nio.file.Path inProgress = EVENT_LOG_DIR.resolve(appId + ".inprogress");
    return inProgress.toFile().exists() ? inProgress : EVENT_LOG_DIR.resolve(appId);
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
