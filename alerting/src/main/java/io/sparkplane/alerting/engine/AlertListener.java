package io.sparkplane.alerting.engine;

import io.sparkplane.alerting.Alert;
import java.util.Collection;

/** Told about alert transitions, on the evaluating thread; must not block. */
public interface AlertListener {

  /** An alert key started firing. */
  void fired(Alert alert, long nowMs);

  /** A firing alert resolved (its condition stayed clear for the whole hold-down). */
  void resolved(Alert alert, long nowMs);

  /** Each evaluation tick, with every active alert: time to send repeats and due group waits. */
  default void tick(long nowMs, Collection<Alert> active) {}

  AlertListener NONE = new AlertListener() {
    @Override
    public void fired(Alert alert, long nowMs) {}

    @Override
    public void resolved(Alert alert, long nowMs) {}
  };
}
