package io.sparkplane.triage;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One fact a finding rests on: a number from the run summary (with the stage it came from and the
 * threshold it crossed) or an error line Spark wrote (with where in the summary it was found).
 *
 * <pre>{@code
 * Evidence.metric("durationSkewRatio", 12.4, 4.0, 3);
 * Evidence.errorLine("failure.message", "Total size of serialized results of 3 tasks (1.2 MiB) is bigger than ...");
 * }</pre>
 *
 * @param kind {@code metric} or {@code error}
 * @param name metric name, or the summary field the error line came from
 * @param value the metric's value; absent for error lines
 * @param threshold the setting's value the metric was compared with, if any
 * @param stageId the stage the metric or line came from, if any
 * @param text the matched error line (one line, truncated), or a short note for a metric
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Evidence(
    String kind,
    String name,
    @Nullable Double value,
    @Nullable Double threshold,
    @Nullable Integer stageId,
    @Nullable String text) {

  public static final String METRIC = "metric";
  public static final String ERROR = "error";

  public Evidence {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
  }

  public static Evidence metric(String name, double value, @Nullable Double threshold, @Nullable Integer stageId) {
    return new Evidence(METRIC, name, round(value), threshold, stageId, null);
  }

  public static Evidence note(String name, double value, String text) {
    return new Evidence(METRIC, name, round(value), null, null, text);
  }

  public static Evidence errorLine(String source, String line, @Nullable Integer stageId) {
    return new Evidence(ERROR, source, null, null, stageId, line);
  }

  private static double round(double v) {
    return Math.round(v * 1000.0) / 1000.0;
  }
}
