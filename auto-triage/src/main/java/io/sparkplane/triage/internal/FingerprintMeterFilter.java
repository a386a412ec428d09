package io.sparkplane.triage.internal;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.HashSet;
import java.util.Set;

/**
 * Caps the distinct {@code fingerprint} label values across all meters, like the collector's
 * {@code TenantMeterFilter} caps {@code tenant}: the first {@code max} fingerprints keep their own
 * series, later ones are counted under {@value #OTHER}. Every failed workload of every tenant can
 * mint a fingerprint, so uncapped the label would grow with the fleet. Internal.
 */
public final class FingerprintMeterFilter implements MeterFilter {

  public static final String TAG = "fingerprint";
  public static final String OTHER = "_other";

  private final int max;
  private final Set<String> admitted = new HashSet<>();

  public FingerprintMeterFilter(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max fingerprints must be >= 1, was " + max);
    }
    this.max = max;
  }

  @Override
  public Meter.Id map(Meter.Id id) {
    String fingerprint = id.getTag(TAG);
    if (fingerprint == null || admit(fingerprint)) {
      return id;
    }
    return id.replaceTags(
        id.getTags().stream().map(t -> TAG.equals(t.getKey()) ? Tag.of(TAG, OTHER) : t).toList());
  }

  private synchronized boolean admit(String fingerprint) {
    if (admitted.contains(fingerprint)) {
      return true;
    }
    if (admitted.size() < max) {
      admitted.add(fingerprint);
      return true;
    }
    return false;
  }
}
