package io.sparkplane.estimator;

import io.sparkplane.estimator.internal.TrainingRun;
import io.sparkplane.estimator.realruns.AccuracyReport;
import java.util.List;

/**
 * Prints the accuracy report on synthetic history (docs/estimator.md): {@code java ...
 * SyntheticAccuracyReport [runs]}; 70% earlier runs train, the 30% later ones test.
 */
public final class SyntheticAccuracyReport {

  private SyntheticAccuracyReport() {}

  public static void main(String[] args) {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    List<TrainingRun> runs = SyntheticRuns.training(SyntheticRuns.fleet(99, count));
    System.out.println(AccuracyReport.evaluate(runs, 0.7, EstimatorSettings.defaults()).markdown());
  }
}
