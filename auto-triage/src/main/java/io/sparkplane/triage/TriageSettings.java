package io.sparkplane.triage;

import java.util.Map;
import java.util.function.Function;

/**
 * Every threshold the classifier uses, with defaults grounded in Spark's own settings where one
 * exists. Each is documented in docs/triage.md with its source. Keys are {@code triage.<name>}.
 *
 * <pre>{@code
 * TriageSettings s = TriageSettings.fromProperties(Map.of("triage.skew.minRatio", "5"));
 * }</pre>
 *
 * @param skewMinRatio {@code triage.skew.minRatio}: task-time or records max/median of a stage
 * @param skewMinStragglerShare {@code triage.skew.minStragglerShare}: slowest task / stage duration
 * @param skewMinStageDurationMs {@code triage.skew.minStageDurationMs}: shorter stages are never skew
 * @param skewAqeFactor {@code triage.skew.aqeFactor}: AQE's spark.sql.adaptive.skewJoin.skewedPartitionFactor
 * @param skewAqeMinPartitionBytes {@code triage.skew.aqeMinPartitionBytes}: AQE's
 *     spark.sql.adaptive.skewJoin.skewedPartitionThresholdInBytes
 * @param cartesianMinOutputToInputRatio {@code triage.cartesian.minOutputToInputRatio}: join output
 *     rows / rows the join's stage read
 * @param cartesianMinOutputRows {@code triage.cartesian.minOutputRows}: smaller outputs are never
 *     an explosion
 * @param driverHeapNearMaxFraction {@code triage.memory.driverHeapNearMaxFraction}: heap used / max
 *     in the last heartbeat of a LOST run that makes it a driver OOM, for heartbeats without the
 *     after-GC figure (listeners before it)
 * @param stormMinTasks {@code triage.partitioning.stormMinTasks}: tasks of a tiny-task storm stage
 * @param stormMaxMedianTaskMs {@code triage.partitioning.stormMaxMedianTaskMs}: median task time of a
 *     tiny-task storm
 * @param partitioningMinStageDurationMs {@code triage.partitioning.minStageDurationMs}: shorter stages
 *     are never reported for partitioning
 * @param hugeTaskMinBytes {@code triage.partitioning.hugeTaskMinBytes}: median bytes read per task
 *     that make tasks "huge"
 * @param fewTasksMinRecords {@code triage.partitioning.fewTasksMinRecords}: records a stage with
 *     fewer tasks than cores must handle to be reported
 * @param fewTasksMinShareOfRun {@code triage.partitioning.fewTasksMinShareOfRun}: share of the run a
 *     stage with fewer tasks than cores must take to be reported
 * @param planningMinMs {@code triage.planning.minMs}: planning time that can be a bottleneck
 * @param planningMinShare {@code triage.planning.minShare}: planning / run duration
 * @param driverHeapAfterGcNearMaxFraction {@code triage.memory.driverHeapAfterGcNearMaxFraction}: heap
 *     still in use after the driver's latest GC / max, in the last heartbeat of a LOST run, that makes
 *     it a driver OOM; judged instead of {@code driverHeapNearMaxFraction} when the heartbeat has it
 */
public record TriageSettings(
    double skewMinRatio,
    double skewMinStragglerShare,
    long skewMinStageDurationMs,
    double skewAqeFactor,
    long skewAqeMinPartitionBytes,
    double cartesianMinOutputToInputRatio,
    long cartesianMinOutputRows,
    double driverHeapNearMaxFraction,
    long stormMinTasks,
    long stormMaxMedianTaskMs,
    long partitioningMinStageDurationMs,
    long hugeTaskMinBytes,
    long fewTasksMinRecords,
    double fewTasksMinShareOfRun,
    long planningMinMs,
    double planningMinShare,
    double driverHeapAfterGcNearMaxFraction) {

  public static final String PREFIX = "triage.";

  static final double DEFAULT_DRIVER_HEAP_AFTER_GC_NEAR_MAX_FRACTION = 0.8;

  public TriageSettings {
    positive("skew.minRatio", skewMinRatio);
    fraction("skew.minStragglerShare", skewMinStragglerShare);
    positive("skew.minStageDurationMs", skewMinStageDurationMs);
    positive("skew.aqeFactor", skewAqeFactor);
    positive("skew.aqeMinPartitionBytes", skewAqeMinPartitionBytes);
    positive("cartesian.minOutputToInputRatio", cartesianMinOutputToInputRatio);
    positive("cartesian.minOutputRows", cartesianMinOutputRows);
    fraction("memory.driverHeapNearMaxFraction", driverHeapNearMaxFraction);
    positive("partitioning.stormMinTasks", stormMinTasks);
    positive("partitioning.stormMaxMedianTaskMs", stormMaxMedianTaskMs);
    positive("partitioning.minStageDurationMs", partitioningMinStageDurationMs);
    positive("partitioning.hugeTaskMinBytes", hugeTaskMinBytes);
    positive("partitioning.fewTasksMinRecords", fewTasksMinRecords);
    fraction("partitioning.fewTasksMinShareOfRun", fewTasksMinShareOfRun);
    positive("planning.minMs", planningMinMs);
    fraction("planning.minShare", planningMinShare);
    fraction("memory.driverHeapAfterGcNearMaxFraction", driverHeapAfterGcNearMaxFraction);
  }

  public static TriageSettings defaults() {
    return new TriageSettings(
        4.0, 0.75, 2_000, 5.0, 256L << 20, 100.0, 10_000_000L, 0.8, 1_000, 100, 5_000, 1L << 30, 1_000_000L, 0.25,
        5_000, 0.5, DEFAULT_DRIVER_HEAP_AFTER_GC_NEAR_MAX_FRACTION);
  }

  /** Reads {@code triage.*} keys; absent keys keep their default; bad values fail naming the key. */
  public static TriageSettings fromProperties(Map<String, String> props) {
    TriageSettings d = defaults();
    Reader r = new Reader(props);
    return new TriageSettings(
        r.get("skew.minRatio", d.skewMinRatio, Double::parseDouble),
        r.get("skew.minStragglerShare", d.skewMinStragglerShare, Double::parseDouble),
        r.get("skew.minStageDurationMs", d.skewMinStageDurationMs, Long::parseLong),
        r.get("skew.aqeFactor", d.skewAqeFactor, Double::parseDouble),
        r.get("skew.aqeMinPartitionBytes", d.skewAqeMinPartitionBytes, Long::parseLong),
        r.get("cartesian.minOutputToInputRatio", d.cartesianMinOutputToInputRatio, Double::parseDouble),
        r.get("cartesian.minOutputRows", d.cartesianMinOutputRows, Long::parseLong),
        r.get("memory.driverHeapNearMaxFraction", d.driverHeapNearMaxFraction, Double::parseDouble),
        r.get("partitioning.stormMinTasks", d.stormMinTasks, Long::parseLong),
        r.get("partitioning.stormMaxMedianTaskMs", d.stormMaxMedianTaskMs, Long::parseLong),
        r.get("partitioning.minStageDurationMs", d.partitioningMinStageDurationMs, Long::parseLong),
        r.get("partitioning.hugeTaskMinBytes", d.hugeTaskMinBytes, Long::parseLong),
        r.get("partitioning.fewTasksMinRecords", d.fewTasksMinRecords, Long::parseLong),
        r.get("partitioning.fewTasksMinShareOfRun", d.fewTasksMinShareOfRun, Double::parseDouble),
        r.get("planning.minMs", d.planningMinMs, Long::parseLong),
        r.get("planning.minShare", d.planningMinShare, Double::parseDouble),
        r.get("memory.driverHeapAfterGcNearMaxFraction", d.driverHeapAfterGcNearMaxFraction, Double::parseDouble));
  }

  private static void positive(String key, double value) {
    if (!(value > 0)) {
      throw new IllegalArgumentException(PREFIX + key + " must be > 0, was " + value);
    }
  }

  private static void fraction(String key, double value) {
    if (!(value > 0 && value <= 1)) {
      throw new IllegalArgumentException(PREFIX + key + " must be in (0, 1], was " + value);
    }
  }

  private record Reader(Map<String, String> props) {
    <T> T get(String key, T fallback, Function<String, T> parse) {
      String v = props.get(PREFIX + key);
      if (v == null || v.isBlank()) {
        return fallback;
      }
      try {
        return parse.apply(v.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(PREFIX + key + " must be a number, was '" + v + "'", e);
      }
    }
  }
}
