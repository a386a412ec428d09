package io.sparkplane.engine.workload;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The engine's named workloads. */
public final class Workloads {

  private static final Map<String, SegmentQuery> BY_NAME =
      List.of(new HighValueCustomers(), new ChurnRisk(), new ReferralGraph()).stream()
          .collect(Collectors.toUnmodifiableMap(SegmentQuery::name, Function.identity()));

  private Workloads() {}

  /** The workload called {@code name}; throws naming the known ones otherwise. */
  public static SegmentQuery named(String name) {
    SegmentQuery q = BY_NAME.get(name);
    if (q == null) {
      throw new IllegalArgumentException("unknown workload '" + name + "', known: " + BY_NAME.keySet());
    }
    return q;
  }

  public static boolean exists(String name) {
    return BY_NAME.containsKey(name);
  }
}
