package io.sparkplane.bench;

import io.sparkplane.listener.ListenerSettings;
import io.sparkplane.listener.TelemetrySink;
import io.sparkplane.listener.aggregate.RunTracker;
import java.util.Map;

/** A RunTracker configured as the live listener configures it, with the default settings. */
final class Trackers {

  /** The conf of a typical YARN application, which the tracker reads for the run's resources. */
  static final Map<String, String> CONF =
      Map.of(
          "spark.app.name", "bench-app",
          "spark.master", "yarn",
          "spark.submit.deployMode", "cluster",
          "spark.executor.instances", "50",
          "spark.executor.cores", "4",
          "spark.executor.memory", "8g",
          "spark.driver.memory", "4g",
          "spark.sparkplane.tenant", "acme");

  private Trackers() {}

  static RunTracker newTracker(TelemetrySink sink) {
    return new RunTracker(
        ListenerSettings.fromConf(CONF),
        CONF,
        org.apache.spark.package$.MODULE$.SPARK_VERSION(),
        sink);
  }
}
