package io.sparkplane.estimator.internal;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Peak task memory of a known workload: a fixed floor (the JVM's and Spark's own use, the same for
 * every run of the workload) plus a part that grows with the bytes each task reads. The peak of a
 * run is a deterministic function of its inputs (runs with identical inputs report identical
 * peaks) that never decreases with the bytes each task reads, but grows in power-of-two steps, so
 * no smooth curve follows it closely. The prediction is therefore the workload's own observed
 * peaks, made monotone in bytes per task (isotonic regression, pool-adjacent-violators) and
 * interpolated linearly in bytes per task between observed sizes; beyond the largest size the
 * workload reached, its growth is extrapolated with
 *
 * <pre>peak = floor_w + exp(a_w + b × ln(bytes per task))</pre>
 *
 * with {@code floor_w} the smallest peak the workload's runs had, {@code b} one slope for all
 * workloads (within-workload least squares, so workloads with large runs teach it to those without)
 * and {@code a_w} the workload's median intercept (the pooled one while it has fewer than two runs
 * above its floor): scaled from the largest observed run when that one had grown above the floor,
 * else the curve itself. Bytes per task = input bytes / the task count Spark would use (at least two
 * per core, at most {@code partitionTargetBytes} each).
 *
 * <p>The upper bound is split-conformal, scaled by the size-dependent part (the larger of {@code
 * predicted − floor} and the smooth curve's {@code exp(a_w + b × ln(bytes per task))}): a calibration
 * run's score is {@code (actual − predicted) / scale}, the bound is {@code predicted + s × scale}
 * with {@code s} the ⌈(n+1)q⌉-th smallest of the n scores (the finite-sample correction; with fewer
 * than q/(1−q) scores, the largest). A floor-dominated small run thus gets a tight bound and a large
 * one a wide one. Workloads with at least {@link #MIN_WORKLOAD_SCORES}
 * scores get their own {@code s}. Immutable. Internal.
 */
public final class MemoryModel implements Serializable {

  /** 2: each workload carries its monotone curve of observed peaks (model file format 4). */
  @Serial private static final long serialVersionUID = 2L;

  /** Scores a workload needs for a bound of its own: the least n with ⌈(n+1)·0.98⌉ ≤ n. */
  static final int MIN_WORKLOAD_SCORES = 49;
  /** Runs whose peak exceeds the floor by less than this share do not inform slope or intercept. */
  private static final double MIN_EXCESS_SHARE = 0.05;
  /** The size-dependent part is never taken as less than this share of the floor... */
  private static final double MIN_SCALE_SHARE = 0.01;
  /** ...nor as less than 1 MiB (a workload whose floor is tiny). */
  private static final double MIN_SCALE_BYTES = 1 << 20;
  private static final double MIN_SLOPE = 0.5;
  private static final double MAX_SLOPE = 2.0;

  private final Map<String, Workload> workloads;
  private final double slope;
  private final double partitionTargetBytes;
  private final double score;
  private final Map<String, Double> scoreByWorkload;

  /**
   * One workload's fit: floor, intercept {@code a_w}, and its isotonic curve: peaks (non-decreasing)
   * at ln(bytes per task) (increasing).
   */
  private record Workload(double floor, double intercept, double[] logSizes, double[] peaks)
      implements Serializable {}

  private MemoryModel(
      Map<String, Workload> workloads,
      double slope,
      double partitionTargetBytes,
      double score,
      Map<String, Double> scoreByWorkload) {
    this.workloads = workloads;
    this.slope = slope;
    this.partitionTargetBytes = partitionTargetBytes;
    this.score = score;
    this.scoreByWorkload = scoreByWorkload;
  }

  /**
   * Fits floors, curves, slope and intercepts on rows {@code [from, to)} of {@code table}, without a
   * calibrated bound (score 0).
   */
  static MemoryModel fit(FeatureTable table, int from, int to, double partitionTargetBytes) {
    Map<String, Double> floors = new HashMap<>();
    Map<String, List<double[]>> observed = new HashMap<>(); // key -> {ln x, peak}
    for (int i = from; i < to; i++) {
      if (table.logPeak()[i] > 0) { // a run without a peak metric says nothing about memory
        String key = table.workloadKeys()[i];
        double peak = Math.expm1(table.logPeak()[i]);
        floors.merge(key, peak, Math::min);
        observed
            .computeIfAbsent(key, k -> new ArrayList<>())
            .add(new double[] {Math.log(bytesPerTask(table.rows()[i], partitionTargetBytes)), peak});
      }
    }
    Map<String, List<double[]>> points = new HashMap<>(); // key -> {ln x, ln excess}
    observed.forEach(
        (key, list) -> {
          double floor = floors.get(key);
          for (double[] p : list) {
            double excess = p[1] - floor;
            if (excess > MIN_EXCESS_SHARE * floor && excess > 0) {
              points.computeIfAbsent(key, k -> new ArrayList<>()).add(new double[] {p[0], Math.log(excess)});
            }
          }
        });
    double slope = slope(points);
    List<Double> all = new ArrayList<>();
    Map<String, Double> intercepts = new HashMap<>();
    points.forEach(
        (key, list) -> {
          double[] a = new double[list.size()];
          for (int i = 0; i < a.length; i++) {
            a[i] = list.get(i)[1] - slope * list.get(i)[0];
            all.add(a[i]);
          }
          if (a.length >= 2) {
            intercepts.put(key, Quantiles.of(a, 0.5));
          }
        });
    double pooled = all.isEmpty() ? Double.NEGATIVE_INFINITY : Quantiles.of(all, 0.5);
    Map<String, Workload> workloads = new HashMap<>();
    observed.forEach(
        (key, list) -> {
          double[][] curve = Isotonic.fit(list);
          workloads.put(
              key, new Workload(floors.get(key), intercepts.getOrDefault(key, pooled), curve[0], curve[1]));
        });
    return new MemoryModel(workloads, slope, partitionTargetBytes, 0, Map.of());
  }

  /** Within-workload least squares slope of ln excess on ln bytes per task, held within bounds. */
  private static double slope(Map<String, List<double[]>> points) {
    double sxy = 0;
    double sxx = 0;
    for (List<double[]> list : points.values()) {
      double mx = 0;
      double my = 0;
      for (double[] p : list) {
        mx += p[0];
        my += p[1];
      }
      mx /= list.size();
      my /= list.size();
      for (double[] p : list) {
        sxy += (p[0] - mx) * (p[1] - my);
        sxx += (p[0] - mx) * (p[0] - mx);
      }
    }
    return sxx > 0 ? Math.max(MIN_SLOPE, Math.min(MAX_SLOPE, sxy / sxx)) : 1.0;
  }

  /** The same fit with its calibrated bound: pooled and per-workload conformal scores at {@code q}. */
  MemoryModel calibrated(String[] keys, double[] scores, double q) {
    Map<String, List<Double>> byKey = new HashMap<>();
    for (int i = 0; i < scores.length; i++) {
      byKey.computeIfAbsent(keys[i], k -> new ArrayList<>()).add(scores[i]);
    }
    Map<String, Double> own = new HashMap<>();
    byKey.forEach(
        (key, values) -> {
          if (values.size() >= MIN_WORKLOAD_SCORES) {
            own.put(key, conformal(toArray(values), q));
          }
        });
    return new MemoryModel(workloads, slope, partitionTargetBytes, conformal(scores, q), own);
  }

  /** Whether the workload had runs in the fit. */
  public boolean knows(String workloadKey) {
    return workloads.containsKey(workloadKey);
  }

  /**
   * {predicted peak, upper bound} in bytes for a filled feature row (see {@link
   * FeatureSchema#fill}), or null for a workload the model has not seen.
   */
  double[] predict(double[] row, String workloadKey) {
    Workload w = workloads.get(workloadKey);
    if (w == null) {
      return null;
    }
    double median = median(w, row);
    double s = scoreByWorkload.getOrDefault(workloadKey, score);
    double upper = Math.max(w.floor(), median + s * scale(w, row, median));
    return new double[] {median, upper};
  }

  /**
   * The conformal score of one run with actual peak {@code actual}, or NaN for an unseen workload
   * or a run without a peak.
   */
  double score(double[] row, String workloadKey, double actual) {
    Workload w = workloads.get(workloadKey);
    if (w == null || !(actual > 0)) {
      return Double.NaN;
    }
    double median = median(w, row);
    return (actual - median) / scale(w, row, median);
  }

  /**
   * The predicted peak: the workload's curve at this size, interpolated linearly in bytes per task
   * between observed sizes, extrapolated with the shared slope beyond the largest.
   */
  private double median(Workload w, double[] row) {
    double x = Math.log(bytesPerTask(row, partitionTargetBytes));
    double[] sizes = w.logSizes();
    double[] peaks = w.peaks();
    int last = sizes.length - 1;
    if (x <= sizes[0]) {
      return peaks[0];
    }
    if (x >= sizes[last]) {
      double top = peaks[last] - w.floor();
      if (top > MIN_EXCESS_SHARE * w.floor()) {
        return w.floor() + top * Math.exp(slope * (x - sizes[last]));
      }
      // The workload never grew above its floor: the shared growth curve from its intercept.
      return Math.max(peaks[last], w.floor() + Math.exp(w.intercept() + slope * x));
    }
    int j = Arrays.binarySearch(sizes, x);
    if (j >= 0) {
      return peaks[j];
    }
    int hi = -j - 1;
    double t = (Math.exp(x) - Math.exp(sizes[hi - 1])) / (Math.exp(sizes[hi]) - Math.exp(sizes[hi - 1]));
    return peaks[hi - 1] + t * (peaks[hi] - peaks[hi - 1]);
  }

  /**
   * The size-dependent part a bound scales: the larger of the predicted peak's part above the floor
   * and the smooth growth curve's at this size (where the curve of observed peaks sits near the
   * floor, at a workload's smallest sizes, a calibration run a step above it would otherwise score
   * many times its tiny growing part and widen every bound of the workload), at least a share of the
   * floor and 1 MiB.
   */
  private double scale(Workload w, double[] row, double median) {
    double smooth = Math.exp(w.intercept() + slope * Math.log(bytesPerTask(row, partitionTargetBytes)));
    double excess = Math.max(median - w.floor(), smooth);
    return Math.max(excess, Math.max(MIN_SCALE_SHARE * w.floor(), MIN_SCALE_BYTES));
  }

  /**
   * Input bytes each task reads: input bytes over the task count (at least two per core, at most
   * {@code partitionTargetBytes} each, times 1 + joins as the recommender sizes shuffles).
   */
  static double bytesPerTask(double[] row, double partitionTargetBytes) {
    double bytes = Math.expm1(row[FeatureSchema.LOG_BYTES]);
    double totalCores = Math.exp(row[FeatureSchema.LOG_TOTAL_CORES]);
    double tasks = Math.max(2 * totalCores, bytes * (1 + row[FeatureSchema.JOINS]) / partitionTargetBytes);
    return Math.max(1, bytes / tasks);
  }

  /** Split-conformal quantile: the ⌈(n+1)q⌉-th smallest score (the largest if that exceeds n). */
  static double conformal(double[] scores, double q) {
    if (scores.length == 0) {
      return 0;
    }
    double[] sorted = scores.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil((sorted.length + 1) * q);
    return sorted[Math.max(1, Math.min(rank, sorted.length)) - 1];
  }

  private static double[] toArray(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
