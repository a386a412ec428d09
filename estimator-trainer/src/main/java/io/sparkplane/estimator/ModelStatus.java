package io.sparkplane.estimator;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Which models are in play.
 *
 * @param serving the version answering requests, or {@code null} (heuristic only)
 * @param challenger the version running in shadow, or {@code null}
 * @param previous versions that served before, newest first: where {@code rollback} goes
 * @param shadowRuns finished runs the challenger has been judged on so far
 * @param servingShadowMdape the serving model's median absolute percentage error on those runs
 * @param challengerShadowMdape the challenger's, on the same runs
 */
public record ModelStatus(
    @Nullable String serving,
    @Nullable String challenger,
    List<String> previous,
    int shadowRuns,
    double servingShadowMdape,
    double challengerShadowMdape) {

  public ModelStatus {
    previous = List.copyOf(previous);
  }
}
