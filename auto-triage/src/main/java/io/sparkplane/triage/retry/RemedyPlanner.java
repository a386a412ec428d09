package io.sparkplane.triage.retry;

import io.sparkplane.collector.store.StoredRun;
import io.sparkplane.triage.Evidence;
import io.sparkplane.triage.Remedy;
import io.sparkplane.triage.RemedyCatalog;
import io.sparkplane.triage.TriageClass;
import io.sparkplane.triage.Verdict;
import io.sparkplane.wire.JoinSummary;
import io.sparkplane.wire.ResourceConf;
import io.sparkplane.wire.RunSummary;
import io.sparkplane.wire.StageSummary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Turns a verdict into what a retry changes ({@link RetryPlan}) or, for classes a retry cannot fix,
 * into {@link CustomerGuidance}. Builds on {@link RemedyCatalog}: concrete values are kept, and
 * directions ({@code increase}, {@code decrease}, {@code adjust}) are resolved against the failed
 * run's configuration with a ladder (memory doubles up to the {@code retry.ladder.*} caps; cores
 * halve once memory is at its cap; shuffle partitions double).
 *
 * <pre>{@code
 * RetryPlan plan = new RemedyPlanner(settings).plan(verdict, run);
 * }</pre>
 */
public final class RemedyPlanner {

  /** Spark's defaults, used when the run's configuration does not say. */
  static final long DEFAULT_EXECUTOR_MEMORY_MB = 1024;
  static final long DEFAULT_DRIVER_MEMORY_MB = 1024;
  static final long MIN_OVERHEAD_MB = 384;
  static final int DEFAULT_SHUFFLE_PARTITIONS = 200;
  static final long DEFAULT_MAX_RESULT_SIZE_MB = 1024;

  private static final Pattern FIRST_KEY_LIST = Pattern.compile("\\[([^\\]]*)\\]");
  private static final Pattern ATTRIBUTE_ID = Pattern.compile("#\\d+L?");

  private final RetrySettings settings;

  public RemedyPlanner(RetrySettings settings) {
    this.settings = settings;
  }

  /** The conf overrides and salting plan of a retry of {@code run}. */
  public RetryPlan plan(Verdict verdict, StoredRun run) {
    ResourceConf conf = resources(run);
    Map<String, String> overrides = new LinkedHashMap<>();
    List<String> actions = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (Remedy remedy : RemedyCatalog.forClass(verdict.triageClass())) {
      actions.add(remedy.action());
      remedy.settings().forEach((key, value) -> {
        String resolved = resolve(key, value, conf);
        if (resolved != null) {
          overrides.putIfAbsent(key, resolved);
        } else {
          notes.add(key + ": " + value + " (" + remedy.action() + ")");
        }
      });
    }
    SaltingPlan salting = null;
    if (verdict.triageClass() == TriageClass.DATA_SKEW) {
      salting = salting(verdict, run);
      overrides.put("spark.sql.adaptive.advisoryPartitionSizeInBytes", Long.toString(settings.advisoryPartitionBytes()));
      if (salting.hotPartitionBytes() > 0) {
        // Let AQE split partitions at least as large as the one that straggled.
        long threshold = Math.max(settings.advisoryPartitionBytes(), salting.hotPartitionBytes() / 2);
        overrides.put("spark.sql.adaptive.skewJoin.skewedPartitionThresholdInBytes",
            Long.toString(Math.min(threshold, 256L << 20)));
      }
    }
    return new RetryPlan(overrides, salting, actions, notes);
  }

  /** What the customer must change, for a class that is never retried. */
  public CustomerGuidance guidance(Verdict verdict, StoredRun run) {
    String errorLine = verdict.evidence().stream()
        .filter(e -> Evidence.ERROR.equals(e.kind())).map(Evidence::text).findFirst().orElse(null);
    if (verdict.triageClass() == TriageClass.CARTESIAN_EXPLOSION) {
      Optional<JoinSummary> join = explodingJoin(verdict, run);
      if (join.isPresent()) {
        JoinSummary j = join.get();
        List<String> keys = keys(j.condition());
        String on = keys.isEmpty() ? "no equality keys (a cross or non-equi join)" : "keys " + String.join(", ", keys);
        return new CustomerGuidance(
            String.format("%s on %s produced %,d rows from %,d input rows", j.operator(), on, j.outputRows(), j.stageInputRows()),
            keys.isEmpty()
                ? "Add the missing join condition, or aggregate one side before joining; a cross join this size is never retried"
                : "Deduplicate the join keys on at least one side (or join on a more selective key); a retry would explode again",
            j.operator(), j.condition(), keys, j.stageId(), j.outputRows(), j.stageInputRows(), sides(run, j.stageId()), errorLine);
      }
    }
    String advice = switch (verdict.triageClass()) {
      case CARTESIAN_EXPLOSION -> "Check the join keys for duplicates or a missing condition";
      case USER_CODE_ERROR -> "Fix the query, UDF or input data named in the error; a retry would fail the same way";
      case PLANNING_BOTTLENECK -> "Simplify the plan: cache or checkpoint intermediate results, fewer chained projections";
      default -> "Read the driver log; no known failure signature matched, so nothing is retried automatically";
    };
    return new CustomerGuidance(verdict.summary(), advice, null, null, List.of(), null, null, null, List.of(), errorLine);
  }

  SaltingPlan salting(Verdict verdict, StoredRun run) {
    Integer stageId = verdict.evidence().stream().map(Evidence::stageId).filter(s -> s != null).findFirst().orElse(null);
    StageSummary stage = stage(run, stageId);
    long hot = stage == null ? 0 : (long) stage.shuffleReadBytes().max();
    long advisory = settings.advisoryPartitionBytes();
    int factor = (int) Math.min(settings.maxSaltFactor(), Math.max(settings.minSaltFactor(), (hot + advisory - 1) / advisory));
    JoinSummary join = joins(run).stream().filter(j -> stageId != null && stageId.equals(j.stageId())).findFirst().orElse(null);
    return new SaltingPlan(join == null ? List.of() : keys(join.condition()), factor, stageId,
        join == null ? null : join.condition(), hot, advisory);
  }

  /** Join keys of the first side as Spark printed them, e.g. {@code [customer_id#12L, day#13]}. */
  static List<String> keys(@Nullable String condition) {
    if (condition == null) {
      return List.of();
    }
    Matcher m = FIRST_KEY_LIST.matcher(condition);
    if (!m.find() || m.group(1).isBlank()) {
      return List.of();
    }
    return Arrays.stream(m.group(1).split(","))
        .map(k -> ATTRIBUTE_ID.matcher(k.trim()).replaceAll(""))
        .filter(k -> !k.isBlank())
        .toList();
  }

  private @Nullable String resolve(String key, String value, ResourceConf conf) {
    return switch (value) {
      case "increase" -> increase(key, conf);
      case "decrease" -> decrease(key, conf);
      case "adjust" -> key.equals("spark.sql.shuffle.partitions") ? Integer.toString(partitions(conf) * 2) : null;
      case "larger volume" -> null;
      default -> value;
    };
  }

  private @Nullable String increase(String key, ResourceConf conf) {
    return switch (key) {
      case "spark.executor.memory" -> mb(Math.min(settings.maxExecutorMemoryMb(), 2 * executorMemory(conf)));
      case "spark.driver.memory" -> mb(Math.min(settings.maxDriverMemoryMb(),
          2 * (conf.driverMemoryMb() == null ? DEFAULT_DRIVER_MEMORY_MB : conf.driverMemoryMb())));
      case "spark.executor.memoryOverhead" -> {
        long current = conf.executorMemoryOverheadMb() != null ? conf.executorMemoryOverheadMb()
            : Math.max(MIN_OVERHEAD_MB, executorMemory(conf) / 10);
        yield mb(Math.min(settings.maxMemoryOverheadMb(), 2 * current));
      }
      case "spark.sql.shuffle.partitions" -> Integer.toString(partitions(conf) * 2);
      case "spark.driver.maxResultSize" -> mb(2 * DEFAULT_MAX_RESULT_SIZE_MB);
      default -> null;
    };
  }

  private @Nullable String decrease(String key, ResourceConf conf) {
    if (key.equals("spark.executor.cores")) {
      Integer cores = conf.executorCores();
      // Halving cores gives each task more of the heap: the next rung once memory is at its cap.
      boolean memoryCapped = 2 * executorMemory(conf) > settings.maxExecutorMemoryMb();
      return cores == null || cores <= 1 || !memoryCapped ? null : Integer.toString(Math.max(1, cores / 2));
    }
    return null;
  }

  private static long executorMemory(ResourceConf conf) {
    return conf.executorMemoryMb() == null ? DEFAULT_EXECUTOR_MEMORY_MB : conf.executorMemoryMb();
  }

  private static int partitions(ResourceConf conf) {
    return conf.shufflePartitions() == null ? DEFAULT_SHUFFLE_PARTITIONS : conf.shufflePartitions();
  }

  private static String mb(long mb) {
    return mb + "m";
  }

  private static ResourceConf resources(StoredRun run) {
    if (run.resources() != null) {
      return run.resources();
    }
    RunSummary s = run.summary();
    return s != null && s.resources() != null ? s.resources() : ResourceConf.UNKNOWN;
  }

  private static List<JoinSummary> joins(StoredRun run) {
    return run.summary() == null ? List.of() : run.summary().joins();
  }

  private static @Nullable StageSummary stage(StoredRun run, @Nullable Integer stageId) {
    if (run.summary() == null || stageId == null) {
      return null;
    }
    return run.summary().stages().stream().filter(s -> s.stageId() == stageId).findFirst().orElse(null);
  }

  private static Optional<JoinSummary> explodingJoin(Verdict verdict, StoredRun run) {
    Integer stageId = verdict.evidence().stream().map(Evidence::stageId).filter(s -> s != null).findFirst().orElse(null);
    return joins(run).stream()
        .filter(j -> stageId == null || stageId.equals(j.stageId()))
        .max(Comparator.comparingLong(JoinSummary::outputRows));
  }

  /** The (up to two) shuffle-writing stages just before the join's stage: usually its two sides. */
  private static List<CustomerGuidance.SideRows> sides(StoredRun run, @Nullable Integer joinStage) {
    if (run.summary() == null || joinStage == null) {
      return List.of();
    }
    return run.summary().stages().stream()
        .filter(s -> s.stageId() < joinStage && s.totals() != null && s.totals().shuffleWriteRecords() > 0)
        .sorted(Comparator.comparingInt(StageSummary::stageId).reversed())
        .limit(2)
        .map(s -> new CustomerGuidance.SideRows(s.stageId(), s.name() == null ? "" : s.name(), s.totals().shuffleWriteRecords()))
        .toList();
  }
}
