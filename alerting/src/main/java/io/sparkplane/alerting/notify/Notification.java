package io.sparkplane.alerting.notify;

import io.sparkplane.alerting.Alert;
import io.sparkplane.alerting.Classification;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * What a notifier sends: the alert, why it is sent now, and the triage classification of its runs
 * (read when the notification is built, so verdicts stored after the alert fired are included).
 *
 * @param sentAt when the notification was built
 */
public record Notification(Kind kind, Alert alert, Classification classification, Instant sentAt) {

  public Notification {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(alert, "alert");
    Objects.requireNonNull(classification, "classification");
    Objects.requireNonNull(sentAt, "sentAt");
  }

  /** Why a notification is sent. */
  public enum Kind {
    /** First notification of a firing alert. */
    FIRING,
    /** The alert still fires and its repeat interval passed. */
    REPEAT,
    /** The alert resolved. */
    RESOLVED;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public boolean isResolved() {
    return kind == Kind.RESOLVED;
  }

  /** One line for a pager: the alert's summary and, if known, its dominant triage class. */
  public String headline() {
    String line = alert.facts().summary();
    if (!Classification.UNKNOWN.equals(classification.dominantClass())) {
      Integer n = classification.counts().get(classification.dominantClass());
      line += "; mostly " + classification.dominantClass() + " (" + n + " of " + classification.counts().values().stream().mapToInt(Integer::intValue).sum() + ")";
    }
    return (isResolved() ? "RESOLVED: " : "") + line;
  }
}
