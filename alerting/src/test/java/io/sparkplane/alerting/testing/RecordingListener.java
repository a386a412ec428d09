package io.sparkplane.alerting.testing;

import io.sparkplane.alerting.Alert;
import io.sparkplane.alerting.engine.AlertListener;
import java.util.ArrayList;
import java.util.List;

/** Records the engine's transitions, in order. */
public final class RecordingListener implements AlertListener {

  public final List<Alert> fired = new ArrayList<>();
  public final List<Alert> resolved = new ArrayList<>();

  @Override
  public void fired(Alert alert, long nowMs) {
    fired.add(alert);
  }

  @Override
  public void resolved(Alert alert, long nowMs) {
    resolved.add(alert);
  }

  public List<String> firedIds() {
    return fired.stream().map(Alert::id).toList();
  }

  public List<String> resolvedIds() {
    return resolved.stream().map(Alert::id).toList();
  }
}
