package io.sparkplane.estimator.internal;

import static io.sparkplane.estimator.internal.FeatureSchema.H_COUNT;
import static io.sparkplane.estimator.internal.FeatureSchema.H_LOG_BYTES;
import static io.sparkplane.estimator.internal.FeatureSchema.H_LOG_DURATION;
import static io.sparkplane.estimator.internal.FeatureSchema.LOG_BYTES;

import java.io.Serial;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * The runtime prior the trees correct: per workload, a log-log size model
 *
 * <pre>ln runtime = a_w + b_w × x + c × x²,   x = ln(1 + input bytes)</pre>
 *
 * The curvature {@code c ≥ 0} is one for all workloads (within-workload least squares on x and x²):
 * a fixed start-up cost plus work that grows with the input bends the log-log line upward, and one
 * shared value is all a few runs per workload can support. The slope is fitted by least squares on
 * the workload's training runs (of ln runtime − c·x²), shrunk toward the pooled within-workload
 * slope {@code b} as if {@value #PSEUDO_RUNS} extra runs of typical size spread had that slope:
 * {@code b_w = (Sxy_w + λ b) / (Sxx_w + λ)} with {@code λ = PSEUDO_RUNS × the pooled within-workload
 * variance of x}. A workload with one run gets the pooled slope through its run; one with many, its
 * own. The curve never decreases (more input never makes a job faster): left of its vertex it is
 * held at the vertex value, and without curvature slopes are at least 0.
 *
 * <p>Workloads the prior was not fitted on: anchored on their recent history if the row has any
 * ({@code h_log_duration + b × (ln bytes − h_log_bytes)}), else the pooled line {@code a + b × ln
 * bytes}. During training the first run of each workload (no history yet) also gets the pooled
 * line, so that the trees learn how new workloads differ from it. Immutable. Internal.
 */
public final class RuntimePrior implements Serializable {

  @Serial private static final long serialVersionUID = 1L;

  /** Weight of the pooled slope in a workload's slope, in runs of typical size spread. */
  static final double PSEUDO_RUNS = 5;

  private final Map<String, double[]> workloads; // key -> {a_w, b_w}
  private final double intercept;
  private final double slope;
  private final double curvature;

  private RuntimePrior(
      Map<String, double[]> workloads, double intercept, double slope, double curvature) {
    this.workloads = workloads;
    this.intercept = intercept;
    this.slope = slope;
    this.curvature = curvature;
  }

  /** Fits on rows {@code [from, to)} of {@code table}. */
  static RuntimePrior fit(FeatureTable table, int from, int to) {
    // Pooled within-workload curvature and slope: least squares of y on (x, x²), each centred
    // on its workload's means.
    Map<String, double[]> sums = new HashMap<>(); // n, Σx, Σq, Σy
    for (int i = from; i < to; i++) {
      double x = table.rows()[i][LOG_BYTES];
      double[] s = sums.computeIfAbsent(table.workloadKeys()[i], k -> new double[4]);
      s[0]++;
      s[1] += x;
      s[2] += x * x;
      s[3] += table.logRuntime()[i];
    }
    double sxx = 0, sxq = 0, sqq = 0, sxy = 0, sqy = 0;
    for (int i = from; i < to; i++) {
      double[] s = sums.get(table.workloadKeys()[i]);
      double x = table.rows()[i][LOG_BYTES];
      double dx = x - s[1] / s[0];
      double dq = x * x - s[2] / s[0];
      double dy = table.logRuntime()[i] - s[3] / s[0];
      sxx += dx * dx;
      sxq += dx * dq;
      sqq += dq * dq;
      sxy += dx * dy;
      sqy += dq * dy;
    }
    double det = sxx * sqq - sxq * sxq;
    double curvature = det > 1e-9 * sxx * sqq ? Math.max(0, (sxx * sqy - sxq * sxy) / det) : 0;
    double n = to - from;
    double lambda = PSEUDO_RUNS * (n > 0 ? sxx / n : 0);
    // Slopes of y − c·x² on x: pooled, then per workload shrunk toward it.
    Map<String, double[]> lines = new HashMap<>(); // n, Σx, Σz, Σxx, Σxz
    for (int i = from; i < to; i++) {
      double x = table.rows()[i][LOG_BYTES];
      double z = table.logRuntime()[i] - curvature * x * x;
      double[] s = lines.computeIfAbsent(table.workloadKeys()[i], k -> new double[5]);
      s[0]++;
      s[1] += x;
      s[2] += z;
      s[3] += x * x;
      s[4] += x * z;
    }
    double sxxPooled = 0;
    double sxzPooled = 0;
    for (double[] s : lines.values()) {
      sxxPooled += s[3] - s[1] * s[1] / s[0];
      sxzPooled += s[4] - s[1] * s[2] / s[0];
    }
    double slope = nonDecreasing(sxxPooled > 0 ? sxzPooled / sxxPooled : 0, curvature);
    Map<String, double[]> workloads = new HashMap<>();
    double sumX = 0;
    double sumZ = 0;
    for (Map.Entry<String, double[]> e : lines.entrySet()) {
      double[] s = e.getValue();
      double wxx = s[3] - s[1] * s[1] / s[0];
      double wxz = s[4] - s[1] * s[2] / s[0];
      double b = nonDecreasing(wxx + lambda > 0 ? (wxz + lambda * slope) / (wxx + lambda) : slope, curvature);
      workloads.put(e.getKey(), new double[] {(s[2] - b * s[1]) / s[0], b});
      sumX += s[1];
      sumZ += s[2];
    }
    double intercept = n > 0 ? (sumZ - slope * sumX) / n : 0;
    return new RuntimePrior(workloads, intercept, slope, curvature);
  }

  /** The prior ln(runtime ms) of a run to predict. */
  double predict(double[] row, String workloadKey) {
    double x = row[LOG_BYTES];
    double[] ab = workloads.get(workloadKey);
    if (ab != null) {
      return curve(ab[0], ab[1], x);
    }
    return fallback(row);
  }

  /**
   * The prior of a training run: its workload's line, except for a workload's first run (no
   * history), which gets the pooled line a new workload would get.
   */
  double predictTraining(double[] row, String workloadKey) {
    return row[H_COUNT] == 0 ? pooled(row[LOG_BYTES]) : predict(row, workloadKey);
  }

  private double fallback(double[] row) {
    if (row[H_COUNT] > 0) {
      return row[H_LOG_DURATION] + pooled(row[LOG_BYTES]) - pooled(row[H_LOG_BYTES]);
    }
    return pooled(row[LOG_BYTES]);
  }

  private double pooled(double x) {
    return curve(intercept, slope, x);
  }

  /** Without curvature a slope is at least 0; with it, {@link #curve} holds the vertex value. */
  private static double nonDecreasing(double slope, double curvature) {
    return curvature > 0 ? slope : Math.max(0, slope);
  }

  /** a + b·x + c·x², taken at the vertex for x left of it: never decreasing in x. */
  private double curve(double a, double b, double x) {
    double at = curvature > 0 ? Math.max(x, -b / (2 * curvature)) : x;
    return a + b * at + curvature * at * at;
  }

  double curvature() {
    return curvature;
  }

  double slope() {
    return slope;
  }

  /** The fitted {a_w, b_w} of a workload, or null. */
  double[] workload(String key) {
    double[] ab = workloads.get(key);
    return ab == null ? null : ab.clone();
  }
}
