package io.sparkplane.alerting.engine;

import io.sparkplane.alerting.RunRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Exact count of runs whose end time lies in the sliding window {@code (now - window, now]}: every
 * run is kept until it leaves the window, so there is no bucketing or extrapolation. Runs may
 * arrive out of order; a run that ended before the window is not counted. Not thread-safe.
 *
 * <pre>{@code
 * SlidingWindowCounter c = new SlidingWindowCounter(Duration.ofMinutes(10).toMillis());
 * c.add(new RunRef("acme", "r1", t), now);
 * c.count(now); // 1 until now reaches t + 10 minutes
 * }</pre>
 */
public final class SlidingWindowCounter {

  private static final Comparator<RunRef> BY_END =
      Comparator.comparingLong(RunRef::endTimeMs).thenComparing(RunRef::runId);

  private final long windowMs;
  private final PriorityQueue<RunRef> inWindow = new PriorityQueue<>(BY_END);

  public SlidingWindowCounter(long windowMs) {
    if (windowMs <= 0) {
      throw new IllegalArgumentException("windowMs must be > 0, was " + windowMs);
    }
    this.windowMs = windowMs;
  }

  /**
   * Counts a run, unless it ended at or before {@code now - window}.
   *
   * @return whether it was counted
   */
  public boolean add(RunRef run, long nowMs) {
    evict(nowMs);
    if (run.endTimeMs() <= nowMs - windowMs) {
      return false;
    }
    inWindow.add(run);
    return true;
  }

  /** Runs in {@code (now - window, now]} (runs ending after {@code now} included). */
  public int count(long nowMs) {
    evict(nowMs);
    return inWindow.size();
  }

  /** The newest {@code limit} runs in the window, newest last. */
  public List<RunRef> newest(int limit, long nowMs) {
    evict(nowMs);
    List<RunRef> all = new ArrayList<>(inWindow);
    all.sort(BY_END);
    return List.copyOf(all.subList(Math.max(0, all.size() - limit), all.size()));
  }

  /** End time of the oldest run in the window, if any. */
  public long oldestEndMs(long nowMs) {
    evict(nowMs);
    RunRef oldest = inWindow.peek();
    return oldest == null ? nowMs : oldest.endTimeMs();
  }

  public long windowMs() {
    return windowMs;
  }

  private void evict(long nowMs) {
    long cutoff = nowMs - windowMs;
    while (!inWindow.isEmpty() && inWindow.peek().endTimeMs() <= cutoff) {
      inWindow.poll();
    }
  }
}
