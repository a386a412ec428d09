package io.sparkplane.engine;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How a run went, as the engine saw it (the control plane's view is its run API).
 *
 * @param outcome {@link Outcome}
 * @param segmentSize rows of the segment, when it succeeded
 * @param error the failure's message, when it failed
 * @param appliedConf the conf overrides set for the run
 * @param ignoredConf overrides that need a new session (executor memory and the like), not applied
 * @param appliedSalting the salting the run used, if any
 * @param estimate the estimator's answer ({@code POST /api/v1/estimates}) as JSON text, if asked
 */
public record RunResult(
    RunRequest request,
    Outcome outcome,
    long startMs,
    long runtimeMs,
    @Nullable Long segmentSize,
    @Nullable String error,
    Map<String, String> appliedConf,
    List<String> ignoredConf,
    @Nullable SaltingDirective appliedSalting,
    @Nullable String estimate) {

  public enum Outcome {
    SUCCEEDED,
    /** The attempt ran past its budget; its jobs were cancelled and the run failed. */
    BUDGET_EXCEEDED,
    FAILED
  }

  public String runId() {
    return request.runId();
  }

  public boolean succeeded() {
    return outcome == Outcome.SUCCEEDED;
  }
}
