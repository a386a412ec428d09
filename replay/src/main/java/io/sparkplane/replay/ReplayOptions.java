package io.sparkplane.replay;

/**
 * Caller-supplied settings of a replay. Each value, when set, takes precedence over the matching
 * {@code spark.sparkplane.*} property recorded in the event log; {@code null} keeps the log's value
 * (or the listener's default).
 *
 * <pre>
 * new ReplayOptions("acme", "eu-west-1", null, System.getenv("SPARKPLANE_TOKEN"))
 * </pre>
 *
 * @param tenant tenant of the replayed runs, optional
 * @param region region of the replayed runs, optional
 * @param workload workload name of the replayed runs, optional (defaults to the application name)
 * @param collectorToken bearer token used when the events are posted to a collector, optional
 */
public record ReplayOptions(String tenant, String region, String workload, String collectorToken) {

  /** No overrides: every setting comes from the event log. */
  public static final ReplayOptions NONE = new ReplayOptions(null, null, null, null);

  public ReplayOptions {
    tenant = blankToNull(tenant, "tenant");
    region = blankToNull(region, "region");
    workload = blankToNull(workload, "workload");
    collectorToken = blankToNull(collectorToken, "collectorToken");
  }

  private static String blankToNull(String value, String field) {
    if (value == null) {
      return null;
    }
    if (value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank when set");
    }
    return value.trim();
  }
}
