package io.sparkplane.collector.ingest;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.HashSet;
import java.util.Set;

/**
 * Caps the number of distinct {@code tenant} label values across all meters: the first {@code
 * maxTenants} tenants seen keep their own series, later ones are counted under {@value #OTHER}. With
 * thousands of tenants an uncapped label would multiply every tenant-labelled meter into thousands
 * of Prometheus series; the cap keeps the collector's scrape bounded whatever the fleet does.
 *
 * <pre>{@code
 * registry.config().meterFilter(new TenantMeterFilter(500));
 * }</pre>
 */
public final class TenantMeterFilter implements MeterFilter {

  /** Label value for tenants past the cap. */
  public static final String OTHER = "_other";

  /** The label this filter caps. */
  public static final String TAG = "tenant";

  private final int maxTenants;
  private final Set<String> admitted = new HashSet<>();

  public TenantMeterFilter(int maxTenants) {
    if (maxTenants < 1) {
      throw new IllegalArgumentException("maxTenantMeters must be >= 1, was " + maxTenants);
    }
    this.maxTenants = maxTenants;
  }

  @Override
  public Meter.Id map(Meter.Id id) {
    String tenant = id.getTag(TAG);
    if (tenant == null || admit(tenant)) {
      return id;
    }
    return id.replaceTags(
        id.getTags().stream().map(t -> TAG.equals(t.getKey()) ? Tag.of(TAG, OTHER) : t).toList());
  }

  private synchronized boolean admit(String tenant) {
    if (admitted.contains(tenant)) {
      return true;
    }
    if (admitted.size() < maxTenants) {
      admitted.add(tenant);
      return true;
    }
    return false;
  }
}
