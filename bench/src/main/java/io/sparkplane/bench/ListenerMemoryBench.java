package io.sparkplane.bench;

import io.sparkplane.bench.synthetic.RunShape;
import io.sparkplane.bench.synthetic.SyntheticRun;
import io.sparkplane.listener.aggregate.RunTracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Heap the listener's aggregation retains over a synthetic run (default 200,000 tasks: 200 stages of
 * 1,000 tasks, 4 stages active at once), at the peak (last job, its stages active with all tasks
 * ended) and at the end. Retained = used heap after full GC with the tracker reachable minus after
 * dropping it; each repetition drives a fresh tracker; the median over repetitions is reported.
 * Target: at most 5 MiB.
 *
 * <pre>
 * bench/run-listener-bench.sh memory [--tasks 200000 --stages 200 --concurrent 4 --reps 5]
 * </pre>
 */
public final class ListenerMemoryBench {

  static final long TARGET_BYTES = 5L * 1024 * 1024;

  private ListenerMemoryBench() {}

  public static void main(String[] argv) {
    Args args =
        new Args(
            argv, Map.of("tasks", "200000", "stages", "200", "concurrent", "4", "reps", "5"));
    RunShape shape =
        RunShape.of(args.longValue("tasks"), args.integer("stages"), args.integer("concurrent"));
    System.out.println("ListenerMemoryBench: " + shape + ", default listener settings");
    System.out.println("probe check: a held long[131072] (1,048,592 B) measures " + probeCheck() + " B");
    // A first, unreported run loads classes and fills static caches, which are not the tracker's.
    measureOnce(shape);
    List<RetainedHeap> reps = new ArrayList<>();
    for (int rep = 1; rep <= args.integer("reps"); rep++) {
      RetainedHeap r = measureOnce(shape);
      reps.add(r);
      System.out.println(r.line(rep));
    }
    long peak = median(reps, RetainedHeap::peakBytes);
    long end = median(reps, RetainedHeap::endBytes);
    long after = median(reps, RetainedHeap::afterAppEndBytes);
    System.out.printf(
        "median of %d reps: peak=%s  end of jobs=%s  after application end=%s  target<=%s%n",
        reps.size(),
        RetainedHeap.mib(peak),
        RetainedHeap.mib(end),
        RetainedHeap.mib(after),
        RetainedHeap.mib(TARGET_BYTES));
    boolean ok = peak <= TARGET_BYTES && end <= TARGET_BYTES;
    System.out.println(ok ? "RESULT OK" : "RESULT OVER TARGET");
    if (!ok) {
      System.exit(1);
    }
  }

  private static RetainedHeap measureOnce(RunShape shape) {
    long peak = peakRetained(shape);
    TrackerHolder holder = new TrackerHolder(Trackers.newTracker(event -> {}));
    SyntheticRun run = new SyntheticRun(shape);
    run.runJobs(holder.tracker, () -> {});
    long end = HeapProbe.usedAfterGc();
    run.endApplication(holder.tracker);
    long afterAppEnd = HeapProbe.usedAfterGc();
    holder.tracker = null;
    long without = HeapProbe.usedAfterGc();
    reachabilityFence(run);
    return new RetainedHeap(peak, end - without, afterAppEnd - without);
  }

  /** What the probe reports for an object of known size, so a reader can trust the figures. */
  private static long probeCheck() {
    Object[] holder = {new long[128 * 1024]};
    long with = HeapProbe.usedAfterGc();
    holder[0] = null;
    long without = HeapProbe.usedAfterGc();
    return with - without;
  }

  /** Drives a run up to its peak, measures, abandons the run there and measures again. */
  private static long peakRetained(RunShape shape) {
    TrackerHolder holder = new TrackerHolder(Trackers.newTracker(event -> {}));
    SyntheticRun run = new SyntheticRun(shape);
    long[] withTracker = new long[1];
    try {
      run.runJobs(
          holder.tracker,
          () -> {
            withTracker[0] = HeapProbe.usedAfterGc();
            throw new PeakReached();
          });
      throw new IllegalStateException("the run never reached its peak");
    } catch (PeakReached expected) {
      holder.tracker = null;
    }
    long without = HeapProbe.usedAfterGc();
    reachabilityFence(run);
    return withTracker[0] - without;
  }

  /** Keeps the driver reachable until both measurements are taken. */
  private static void reachabilityFence(Object o) {
    java.lang.ref.Reference.reachabilityFence(o);
  }

  private static long median(List<RetainedHeap> reps, ToLongFunction<RetainedHeap> f) {
    long[] v = reps.stream().mapToLong(f).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  /** The only reference to the tracker under test, so dropping it makes it unreachable. */
  private static final class TrackerHolder {
    RunTracker tracker;

    TrackerHolder(RunTracker tracker) {
      this.tracker = tracker;
    }
  }

  /** Unwinds the synthetic run at its peak. */
  private static final class PeakReached extends RuntimeException {
    PeakReached() {
      super(null, null, false, false);
    }
  }
}
