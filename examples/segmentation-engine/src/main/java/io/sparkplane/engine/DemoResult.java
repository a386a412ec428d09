package io.sparkplane.engine;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the demo scenario did, step by step, with the run ids the control plane knows them by.
 *
 * @param steps in order
 * @param runtimeMs the whole scenario
 */
public record DemoResult(List<Step> steps, long runtimeMs) {

  /**
   * One step.
   *
   * @param name {@code healthy}, {@code skew}, {@code cartesian}, {@code cannot-fit}, {@code burst},
   *     {@code oom}, {@code estimator}
   * @param ok whether the control plane showed what the step expects
   * @param shows what the control plane's API showed, one line
   * @param runIds the step's runs (for {@code skew}: the failed run, then its retry)
   * @param tenant the tenant of the step's runs
   */
  public record Step(String name, boolean ok, String shows, List<String> runIds, @Nullable String tenant) {
    public Step {
      runIds = List.copyOf(runIds);
    }
  }

  public DemoResult {
    steps = List.copyOf(steps);
  }

  public Optional<Step> step(String name) {
    return steps.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  public boolean ok() {
    return steps.stream().allMatch(Step::ok);
  }
}
