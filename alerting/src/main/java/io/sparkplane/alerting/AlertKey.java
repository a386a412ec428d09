package io.sparkplane.alerting;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Which alert this is: a rule and the group of runs it watches. Two alerts with the same key are the
 * same alert; one notification is sent per key while it fires.
 *
 * <pre>{@code
 * AlertKey.of("failure-burst", Scope.TENANT, "acme", null, null).id(); // "failure-burst:tenant=acme"
 * }</pre>
 *
 * @param rule the rule's name, e.g. {@code failure-burst}
 * @param scope what the key groups by
 * @param tenant the tenant, for {@code TENANT} and {@code WORKLOAD} keys
 * @param region the region, for {@code REGION} keys
 * @param workload the workload, for {@code WORKLOAD} keys
 */
public record AlertKey(
    String rule,
    Scope scope,
    @Nullable String tenant,
    @Nullable String region,
    @Nullable String workload) {

  public AlertKey {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(scope, "scope");
    switch (scope) {
      case GLOBAL -> {
        tenant = null;
        region = null;
        workload = null;
      }
      case REGION -> {
        Objects.requireNonNull(region, "region");
        tenant = null;
        workload = null;
      }
      case TENANT -> {
        Objects.requireNonNull(tenant, "tenant");
        region = null;
        workload = null;
      }
      case WORKLOAD -> {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(workload, "workload");
        region = null;
      }
    }
  }

  public static AlertKey of(
      String rule, Scope scope, @Nullable String tenant, @Nullable String region, @Nullable String workload) {
    return new AlertKey(rule, scope, tenant, region, workload);
  }

  /** Stable identity, used as PagerDuty's {@code dedup_key}: {@code rule:scope-labels}. */
  public String id() {
    return switch (scope) {
      case GLOBAL -> rule + ":global";
      case REGION -> rule + ":region=" + region;
      case TENANT -> rule + ":tenant=" + tenant;
      case WORKLOAD -> rule + ":tenant=" + tenant + ",workload=" + workload;
    };
  }

  /** The key's labels: {@code scope} and whichever of tenant, region, workload it has. */
  public Map<String, String> labels() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("scope", scope.label());
    if (tenant != null) {
      labels.put("tenant", tenant);
    }
    if (region != null) {
      labels.put("region", region);
    }
    if (workload != null) {
      labels.put("workload", workload);
    }
    return labels;
  }
}
