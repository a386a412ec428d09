package io.sparkplane.collector.store;

import java.util.List;

/**
 * Result of {@link RunStore#append}.
 *
 * @param outcomes one per appended event, in input order
 * @param finishedRuns runs that became finished through this batch (each at most once, ever)
 */
public record StoreResult(List<AppendOutcome> outcomes, List<FinishedRun> finishedRuns) {

  public StoreResult {
    outcomes = List.copyOf(outcomes);
    finishedRuns = List.copyOf(finishedRuns);
  }

  /** Number of events stored for the first time. */
  public int accepted() {
    return count(AppendOutcome.ACCEPTED);
  }

  /** Number of events ignored because their id was already stored. */
  public int duplicates() {
    return count(AppendOutcome.DUPLICATE);
  }

  private int count(AppendOutcome outcome) {
    return (int) outcomes.stream().filter(o -> o == outcome).count();
  }
}
