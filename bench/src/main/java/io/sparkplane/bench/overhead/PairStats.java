package io.sparkplane.bench.overhead;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Ratios with/without over pairs: the median, and a 95% percentile-bootstrap confidence interval of
 * the median (pairs resampled with replacement, fixed seed so a report is reproducible).
 */
record PairStats(int pairs, double median, double low95, double high95) {

  static final int RESAMPLES = 10_000;

  static PairStats of(double[] ratios) {
    if (ratios.length == 0) {
      throw new IllegalArgumentException("ratios must not be empty");
    }
    SplittableRandom random = new SplittableRandom(7);
    double[] medians = new double[RESAMPLES];
    double[] resample = new double[ratios.length];
    for (int b = 0; b < RESAMPLES; b++) {
      for (int i = 0; i < ratios.length; i++) {
        resample[i] = ratios[random.nextInt(ratios.length)];
      }
      medians[b] = median(resample);
    }
    Arrays.sort(medians);
    return new PairStats(
        ratios.length,
        median(ratios),
        medians[(int) (RESAMPLES * 0.025)],
        medians[(int) (RESAMPLES * 0.975) - 1]);
  }

  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  String describe(String what) {
    return String.format(
        "%-28s median ratio with/without = %.4f  (95%% bootstrap CI of the median %.4f .. %.4f, %d pairs)",
        what, median, low95, high95, pairs);
  }
}
