package io.sparkplane.collector.store;

import io.sparkplane.wire.RunIdentity;
import io.sparkplane.wire.RunStatus;
import java.util.Objects;

/** A run that received its final summary in an append; reported once per run. */
public record FinishedRun(RunIdentity identity, RunStatus status) {

  public FinishedRun {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(status, "status");
  }
}
