package io.sparkplane.alerting.engine;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import io.sparkplane.alerting.RunRef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A workload's recent runtimes (the last {@code recentRuns}, exact) and its baseline: every older
 * run, folded into a DDSketch of bounded size (1% relative accuracy, at most {@value #MAX_BINS}
 * bins). Not thread-safe.
 */
final class RuntimeBaseline {

  static final int MAX_BINS = 512;

  private final long[] recent;
  private final RunRef[] recentRuns;
  private int size;
  private int next;
  private boolean judged;
  private final DDSketch baseline = DDSketches.collapsingLowestDense(0.01, MAX_BINS);

  RuntimeBaseline(int recentRuns) {
    this.recent = new long[recentRuns];
    this.recentRuns = new RunRef[recentRuns];
  }

  void add(long durationMs, RunRef run) {
    if (size == recent.length) {
      baseline.accept(recent[next]);
    } else {
      size++;
    }
    recent[next] = durationMs;
    recentRuns[next] = run;
    next = (next + 1) % recent.length;
  }

  boolean recentFull() {
    return size == recent.length;
  }

  /** True the first time only: the workload's recent window has not been judged yet. */
  boolean markJudged() {
    boolean first = !judged;
    judged = true;
    return first;
  }

  int recentCount() {
    return size;
  }

  /** How many of the recent runtimes exceed {@code threshold}. */
  int recentAbove(double threshold) {
    int above = 0;
    for (int i = 0; i < size; i++) {
      if (recent[i] > threshold) {
        above++;
      }
    }
    return above;
  }

  long baselineCount() {
    return (long) baseline.getCount();
  }

  /** Nearest-rank quantile of the recent runtimes. */
  double recentQuantile(double q) {
    long[] sorted = Arrays.copyOf(recent, size);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  double baselineQuantile(double q) {
    return baseline.isEmpty() ? 0 : baseline.getValueAtQuantile(q);
  }

  /** The recent runs, oldest first. */
  List<RunRef> recentRuns() {
    List<RunRef> runs = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      runs.add(recentRuns[(next - size + i + recent.length) % recent.length]);
    }
    return runs;
  }
}
