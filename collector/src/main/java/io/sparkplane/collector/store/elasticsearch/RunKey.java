package io.sparkplane.collector.store.elasticsearch;

import io.sparkplane.wire.TelemetryEvent;

/** A run's identity in the store: tenant and run id. */
record RunKey(String tenant, String runId) {

  static RunKey of(TelemetryEvent event) {
    return new RunKey(event.run().tenant(), event.run().runId());
  }

  String docId() {
    return DocIds.run(tenant, runId);
  }
}
