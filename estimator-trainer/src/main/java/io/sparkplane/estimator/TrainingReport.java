package io.sparkplane.estimator;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What one training did.
 *
 * @param outcome {@code trained}, {@code skipped} (too few runs, or a training already running) or
 *     {@code failed}
 * @param version the new model's version, if one was trained
 * @param role {@code serving} (no model served yet: promoted at once), {@code challenger} (now in
 *     shadow) or {@code none}
 * @param historyRuns runs in the training history
 * @param newRuns runs read from the store by this training (incremental)
 * @param took wall time, history read included
 * @param calibrationMdape the new model's median absolute percentage runtime error on the later
 *     runs held out of its fit, or NaN
 * @param message a sentence for logs and the CLI
 */
public record TrainingReport(
    String outcome,
    @Nullable String version,
    String role,
    int historyRuns,
    int newRuns,
    Duration took,
    double calibrationMdape,
    String message) {}
