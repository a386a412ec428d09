package io.sparkplane.collector.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Caps the distinct values of one label across all meters, so a label that grows with the fleet
 * (tenant, fingerprint, workload) keeps the scrape bounded: the first {@code max} values seen keep
 * their own series; what happens to later ones depends on the factory. Meters without the label are
 * untouched.
 *
 * <pre>{@code
 * registry.config().meterFilter(CappedTagMeterFilter.pooling("tenant", 500));
 * }</pre>
 */
public final class CappedTagMeterFilter implements MeterFilter {

  /** Label value that values past a pooling cap share. */
  public static final String OTHER = "_other";

  private final String tag;
  private final @Nullable String scopeTag;
  private final int max;
  private final Set<String> admitted = new HashSet<>();

  private CappedTagMeterFilter(String tag, @Nullable String scopeTag, int max) {
    this.tag = tag;
    this.scopeTag = scopeTag;
    this.max = max;
  }

  /** Values of {@code tag} past the first {@code max} are counted under {@value #OTHER}. */
  public static CappedTagMeterFilter pooling(String tag, int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max " + tag + " values must be >= 1, was " + max);
    }
    return new CappedTagMeterFilter(tag, null, max);
  }

  /**
   * The first {@code max} distinct pairs of a {@code scopeTag} value and a {@code tag} value keep
   * their series, later pairs get none (denied, not pooled: for labels where a series over unrelated
   * values would mean nothing). Meters whose {@code scopeTag} another filter already pooled as
   * {@value #OTHER} are denied too, for the same reason.
   */
  public static CappedTagMeterFilter denying(String tag, String scopeTag, int max) {
    if (max < 0) {
      throw new IllegalArgumentException("max " + tag + " values must be >= 0, was " + max);
    }
    return new CappedTagMeterFilter(tag, scopeTag, max);
  }

  @Override
  public Meter.Id map(Meter.Id id) {
    String value = id.getTag(tag);
    if (scopeTag != null || value == null || admit(value)) {
      return id;
    }
    return id.replaceTags(
        id.getTags().stream().map(t -> tag.equals(t.getKey()) ? Tag.of(tag, OTHER) : t).toList());
  }

  @Override
  public MeterFilterReply accept(Meter.Id id) {
    String value = id.getTag(tag);
    if (scopeTag == null || value == null) {
      return MeterFilterReply.NEUTRAL;
    }
    String scope = id.getTag(scopeTag);
    return !OTHER.equals(scope) && admit(scope + '\u0000' + value)
        ? MeterFilterReply.NEUTRAL
        : MeterFilterReply.DENY;
  }

  private synchronized boolean admit(String value) {
    if (admitted.contains(value)) {
      return true;
    }
    if (admitted.size() < max) {
      admitted.add(value);
      return true;
    }
    return false;
  }
}
