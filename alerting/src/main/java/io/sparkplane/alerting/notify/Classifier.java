package io.sparkplane.alerting.notify;

import io.sparkplane.alerting.Alert;
import io.sparkplane.alerting.Classification;

/** Classifies the runs behind an alert by their triage verdicts; called when a notification is built. */
@FunctionalInterface
public interface Classifier {

  Classification classify(Alert alert);

  Classifier NONE = alert -> Classification.NONE;
}
