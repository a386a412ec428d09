package io.sparkplane.estimator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The runtime size prior")
class RuntimePriorTest {

  private final List<double[]> rows = new ArrayList<>();
  private final List<Double> targets = new ArrayList<>();
  private final List<String> keys = new ArrayList<>();

  private void run(String key, double logBytes, double logRuntime) {
    rows.add(row(logBytes, 1, 0, 0));
    targets.add(logRuntime);
    keys.add(key);
  }

  private static double[] row(double logBytes, int historyCount, double hLogDuration, double hLogBytes) {
    double[] row = new double[FeatureSchema.WIDTH + 1];
    row[1] = logBytes;
    row[12] = historyCount;
    row[13] = hLogDuration;
    row[14] = hLogBytes;
    return row;
  }

  private RuntimePrior fit() {
    double[] y = targets.stream().mapToDouble(Double::doubleValue).toArray();
    FeatureTable table =
        new FeatureTable(rows.toArray(double[][]::new), y, new double[y.length], keys.toArray(String[]::new));
    return RuntimePrior.fit(table, 0, y.length);
  }

  /** Two workloads of 21 runs each on parallel log-log lines (slope 0.5), plus {@code extra}. */
  private void twoSteadyWorkloads() {
    for (int i = 0; i <= 20; i++) {
      double x = 10 + i * 0.5;
      run("a", x, 1 + 0.5 * x);
      run("b", x, 2 + 0.5 * x);
    }
  }

  @Test
  @DisplayName("gives a workload with many runs its own line, extrapolated in ln bytes")
  void ownLine() {
    twoSteadyWorkloads();
    RuntimePrior prior = fit();
    assertThat(prior.slope()).isCloseTo(0.5, within(1e-6));
    assertThat(prior.curvature()).isCloseTo(0, within(1e-6));
    assertThat(prior.predict(row(25, 5, 0, 0), "a")).isCloseTo(13.5, within(1e-6));
    assertThat(prior.predict(row(25, 5, 0, 0), "b")).isCloseTo(14.5, within(1e-6));
  }

  @Test
  @DisplayName("draws a workload with one run along the pooled slope through that run")
  void oneRun() {
    twoSteadyWorkloads();
    run("c", 15, 10);
    RuntimePrior prior = fit();
    assertThat(prior.predict(row(17, 1, 0, 0), "c")).isCloseTo(11, within(1e-6));
  }

  @Test
  @DisplayName("shrinks the slope of a workload with two close runs toward the pooled slope")
  void shrinks() {
    twoSteadyWorkloads();
    run("e", 10, 5);
    run("e", 11, 7); // its own slope would be 2
    RuntimePrior prior = fit();
    double slope = prior.workload("e")[1];
    assertThat(slope).isGreaterThan(prior.slope()).isLessThan(0.6);
  }

  @Test
  @DisplayName("never lets more input make a job faster")
  void nonNegativeSlope() {
    run("f", 10, 9);
    run("f", 12, 8);
    run("f", 14, 7);
    RuntimePrior prior = fit();
    assertThat(prior.predict(row(20, 3, 0, 0), "f")).isGreaterThanOrEqualTo(prior.predict(row(10, 3, 0, 0), "f"));
  }

  @Test
  @DisplayName("anchors a workload it was not fitted on at that workload's recent history")
  void unknownWithHistory() {
    twoSteadyWorkloads();
    RuntimePrior prior = fit();
    assertThat(prior.predict(row(14, 3, 8, 12), "new")).isCloseTo(9, within(1e-6));
  }
}
