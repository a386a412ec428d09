package io.sparkplane.engine;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How the engine runs.
 *
 * @param master Spark master of the engine's one session (default {@code local[2]})
 * @param webhookHost interface the retry webhook binds ({@code 127.0.0.1})
 * @param webhookPort port of the retry webhook; 0 picks a free one
 * @param token bearer token for the collector and estimator calls, if the control plane needs one
 * @param estimates ask the estimator ({@code POST /api/v1/estimates}) before each run
 * @param heartbeatInterval the listener's {@code spark.sparkplane.heartbeat.interval}; also how
 *     often it checks for ended runs
 * @param runIdleTimeout the listener's {@code spark.sparkplane.run.idleTimeout}: a run ends this
 *     long after its last job
 * @param minSaltingFactor smallest salting factor applied: the planner sizes factors for 64 MiB
 *     cluster partitions, and on a small local engine a factor of 2 leaves two pieces that can hash
 *     to the same shuffle partition
 * @param httpTimeout timeout of one call to the control plane
 */
public record EngineSettings(
    String master,
    String webhookHost,
    int webhookPort,
    @Nullable String token,
    boolean estimates,
    Duration heartbeatInterval,
    Duration runIdleTimeout,
    int minSaltingFactor,
    Duration httpTimeout) {

  public EngineSettings {
    Objects.requireNonNull(master, "master");
    Objects.requireNonNull(webhookHost, "webhookHost");
    if (webhookPort < 0 || webhookPort > 65_535) {
      throw new IllegalArgumentException("webhookPort must be in 0..65535, was " + webhookPort);
    }
    if (minSaltingFactor < 2) {
      throw new IllegalArgumentException("minSaltingFactor must be >= 2, was " + minSaltingFactor);
    }
  }

  public static EngineSettings defaults() {
    return new EngineSettings(
        "local[2]", "127.0.0.1", 0, null, true, Duration.ofMillis(500), Duration.ofSeconds(1), 8, Duration.ofSeconds(10));
  }

  public EngineSettings withWebhookPort(int v) {
    return new EngineSettings(master, webhookHost, v, token, estimates, heartbeatInterval, runIdleTimeout, minSaltingFactor, httpTimeout);
  }

  public EngineSettings withToken(@Nullable String v) {
    return new EngineSettings(master, webhookHost, webhookPort, v, estimates, heartbeatInterval, runIdleTimeout, minSaltingFactor, httpTimeout);
  }

  public EngineSettings withEstimates(boolean v) {
    return new EngineSettings(master, webhookHost, webhookPort, token, v, heartbeatInterval, runIdleTimeout, minSaltingFactor, httpTimeout);
  }

  public EngineSettings withMaster(String v) {
    return new EngineSettings(v, webhookHost, webhookPort, token, estimates, heartbeatInterval, runIdleTimeout, minSaltingFactor, httpTimeout);
  }
}
