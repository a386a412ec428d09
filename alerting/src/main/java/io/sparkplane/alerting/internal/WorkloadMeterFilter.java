package io.sparkplane.alerting.internal;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.util.HashSet;
import java.util.Set;

/**
 * Caps the meters with a {@code workload} label: the first {@code max} distinct tenant and workload
 * pairs keep their series, later ones get none (denied, not pooled: a drift ratio over unrelated
 * workloads means nothing). Meters whose tenant the collector's {@code TenantMeterFilter} already
 * pooled as {@value #OTHER_TENANT} are denied too, for the same reason. Internal.
 */
public final class WorkloadMeterFilter implements MeterFilter {

  public static final String TAG = "workload";
  static final String OTHER_TENANT = "_other";

  private final int max;
  private final Set<String> admitted = new HashSet<>();

  public WorkloadMeterFilter(int max) {
    if (max < 0) {
      throw new IllegalArgumentException("max workloads must be >= 0, was " + max);
    }
    this.max = max;
  }

  @Override
  public MeterFilterReply accept(Meter.Id id) {
    String workload = id.getTag(TAG);
    if (workload == null) {
      return MeterFilterReply.NEUTRAL;
    }
    String tenant = id.getTag("tenant");
    if (OTHER_TENANT.equals(tenant)) {
      return MeterFilterReply.DENY;
    }
    return admit(tenant + '\u0000' + workload) ? MeterFilterReply.NEUTRAL : MeterFilterReply.DENY;
  }

  private synchronized boolean admit(String key) {
    if (admitted.contains(key)) {
      return true;
    }
    if (admitted.size() < max) {
      admitted.add(key);
      return true;
    }
    return false;
  }
}
