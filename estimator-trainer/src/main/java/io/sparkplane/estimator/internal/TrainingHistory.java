package io.sparkplane.estimator.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The finished runs training learns from, deduplicated by tenant and run id and bounded by {@code
 * maxRuns} (the earliest added are dropped first). Remembers how far the store was read, so the
 * next read is incremental. Thread-safe. Internal.
 */
public final class TrainingHistory {

  private final int maxRuns;
  private final LinkedHashMap<String, TrainingRun> runs = new LinkedHashMap<>();
  private long readUpToSubmitMs = Long.MIN_VALUE;

  public TrainingHistory(int maxRuns) {
    this.maxRuns = maxRuns;
  }

  /** Adds a run; returns false if it was already there. */
  public synchronized boolean add(TrainingRun run) {
    String key = run.tenant() + '\u0000' + run.runId();
    if (runs.putIfAbsent(key, run) != null) {
      return false;
    }
    if (runs.size() > maxRuns) {
      Iterator<String> eldest = runs.keySet().iterator();
      eldest.next();
      eldest.remove();
    }
    return true;
  }

  public synchronized boolean contains(String tenant, String runId) {
    return runs.containsKey(tenant + '\u0000' + runId);
  }

  public synchronized int size() {
    return runs.size();
  }

  /** Every run, sorted by submit time (then run id, for a stable order). */
  public synchronized List<TrainingRun> sortedSnapshot() {
    List<TrainingRun> copy = new ArrayList<>(runs.values());
    copy.sort(
        Comparator.comparingLong(TrainingRun::submitTimeMs).thenComparing(TrainingRun::runId));
    return copy;
  }

  /** Newest submit time read from the store, {@link Long#MIN_VALUE} before the first read. */
  public synchronized long readUpToSubmitMs() {
    return readUpToSubmitMs;
  }

  public synchronized void readUpTo(long submitMs) {
    readUpToSubmitMs = Math.max(readUpToSubmitMs, submitMs);
  }
}
