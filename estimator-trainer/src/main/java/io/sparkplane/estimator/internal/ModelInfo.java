package io.sparkplane.estimator.internal;

import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;

/**
 * What is known about a model without loading its trees: kept in the model file's header too.
 * Internal.
 *
 * @param version unique name, {@code v<number>}
 * @param schemaVersion the {@link FeatureSchema#VERSION} it was trained with
 * @param trainedAtMs when training finished
 * @param trainingRuns runs the trees were fitted on
 * @param calibrationRuns later runs its error and intervals were measured on
 * @param calibrationMdape median absolute percentage error of runtime on the calibration runs
 * @param minLogBytes smallest ln(1 + input bytes) seen in training
 * @param maxLogBytes largest ln(1 + input bytes) seen in training
 */
public record ModelInfo(
    String version,
    int schemaVersion,
    long trainedAtMs,
    int trainingRuns,
    int calibrationRuns,
    double calibrationMdape,
    double minLogBytes,
    double maxLogBytes)
    implements Serializable {

  @Serial private static final long serialVersionUID = 1L;

  public ModelInfo {
    Objects.requireNonNull(version, "version");
  }

  public ModelInfo withVersion(String newVersion) {
    return new ModelInfo(
        newVersion,
        schemaVersion,
        trainedAtMs,
        trainingRuns,
        calibrationRuns,
        calibrationMdape,
        minLogBytes,
        maxLogBytes);
  }
}
