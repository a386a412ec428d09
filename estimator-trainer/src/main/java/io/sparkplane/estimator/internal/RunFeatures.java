package io.sparkplane.estimator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.collector.store.StoredRun;
import io.sparkplane.estimator.EstimateRequest;
import io.sparkplane.estimator.EstimateRequestJson;
import io.sparkplane.estimator.InvalidRequestException;
import io.sparkplane.estimator.JobFeatures;
import io.sparkplane.estimator.OutputKind;
import io.sparkplane.estimator.TableInput;
import io.sparkplane.wire.ResourceConf;
import io.sparkplane.wire.RunStatus;
import io.sparkplane.wire.RunSummary;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Turns a stored run into a {@link TrainingRun}: features from its {@code estimate} attachment
 * when the engine sized it through the estimator, else derived from its summary (total input
 * records and bytes as one table, the joins Spark reported). Internal.
 */
public final class RunFeatures {

  /** Workload name for runs that carry none. */
  public static final String UNNAMED_WORKLOAD = "unnamed";

  private static final Pattern LOCAL = Pattern.compile("local\\[(\\d+)(?:,\\d+)?]");
  private static final int DEFAULT_EXECUTORS = 2;

  private RunFeatures() {}

  /**
   * The run as training data, or empty if it cannot teach the model (not succeeded, no summary,
   * no duration).
   */
  public static Optional<TrainingRun> of(StoredRun run, @Nullable JsonNode estimate) {
    RunSummary summary = run.summary();
    if (summary == null || summary.status() != RunStatus.SUCCEEDED) {
      return Optional.empty();
    }
    Long duration = summary.timing() == null ? null : summary.timing().durationMs();
    if (duration == null || duration < 1) {
      return Optional.empty();
    }
    String workload = run.identity().workload() == null ? UNNAMED_WORKLOAD : run.identity().workload();
    JobFeatures features = null;
    if (estimate != null) {
      features = fromAttachment(estimate, run.tenant());
    }
    boolean fromEstimate = features != null;
    if (features == null) {
      features = derived(summary);
    }
    ResourceConf resources = run.resources() != null ? run.resources() : summary.resources();
    int[] shape = executorShape(resources);
    long peak = summary.totals() == null ? 0 : summary.totals().peakExecutionMemoryBytes();
    return Optional.of(
        new TrainingRun(
            run.tenant(),
            workload,
            run.runId(),
            run.submitTimeMs(),
            features,
            shape[0],
            shape[1],
            duration,
            Math.max(0, peak),
            fromEstimate));
  }

  private static @Nullable JobFeatures fromAttachment(JsonNode estimate, String tenant) {
    try {
      EstimateRequest request = EstimateRequestJson.fromJson(estimate, tenant);
      return request.features();
    } catch (InvalidRequestException e) {
      // An attachment written by an older or foreign engine: the summary still teaches something.
      return null;
    }
  }

  static JobFeatures derived(RunSummary summary) {
    long records = summary.totals() == null ? 0 : summary.totals().inputRecords();
    long bytes = summary.totals() == null ? 0 : summary.totals().inputBytes();
    long outputBytes = summary.totals() == null ? 0 : summary.totals().outputBytes();
    int joins = summary.joins().size();
    return new JobFeatures(
        List.of(new TableInput("input", Math.max(0, records), Math.max(0, bytes))),
        joins,
        Math.min(joins, 1),
        outputBytes > 0 ? OutputKind.FILES : OutputKind.DRIVER);
  }

  /** {executors, cores per executor} from the Spark conf the run was given. */
  static int[] executorShape(@Nullable ResourceConf conf) {
    if (conf == null) {
      return new int[] {DEFAULT_EXECUTORS, 1};
    }
    if (conf.master() != null && conf.master().startsWith("local")) {
      Matcher m = LOCAL.matcher(conf.master());
      int threads = m.matches() ? Integer.parseInt(m.group(1)) : 1;
      return new int[] {1, Math.max(1, threads)};
    }
    int executors = conf.executorInstances() == null ? DEFAULT_EXECUTORS : conf.executorInstances();
    int cores = conf.executorCores() == null ? 1 : conf.executorCores();
    return new int[] {Math.max(1, executors), Math.max(1, cores)};
  }
}
