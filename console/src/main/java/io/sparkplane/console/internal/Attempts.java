package io.sparkplane.console.internal;

import io.sparkplane.collector.store.StoredRun;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds the attempts of a run among its workload's runs: in submit order, an attempt 1 opens a
 * chain and each later attempt &gt; 1 belongs to the open chain, so retries of the same logical run
 * link to each other without a lineage field. Internal.
 */
public final class Attempts {

  private Attempts() {}

  /** The chain {@code run} belongs to, in attempt order; at least the run itself. */
  public static List<StoredRun> chainOf(StoredRun run, List<StoredRun> workloadRuns) {
    List<StoredRun> ordered = new ArrayList<>(workloadRuns);
    if (ordered.stream().noneMatch(r -> sameRun(r, run))) {
      ordered.add(run);
    }
    ordered.sort(Comparator.comparingLong(StoredRun::submitTimeMs).thenComparing(StoredRun::runId));
    List<StoredRun> chain = new ArrayList<>();
    boolean found = false;
    for (StoredRun r : ordered) {
      if (r.identity().attempt() <= 1 || chain.isEmpty()) {
        if (found) {
          break;
        }
        chain = new ArrayList<>();
      }
      chain.add(r);
      found |= sameRun(r, run);
    }
    chain.sort(Comparator.comparingInt((StoredRun r) -> r.identity().attempt()).thenComparingLong(StoredRun::submitTimeMs));
    return chain;
  }

  static boolean sameRun(StoredRun a, StoredRun b) {
    return a.runId().equals(b.runId()) && a.tenant().equals(b.tenant());
  }
}
