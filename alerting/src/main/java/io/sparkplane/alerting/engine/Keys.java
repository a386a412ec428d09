package io.sparkplane.alerting.engine;

import io.sparkplane.alerting.AlertKey;
import io.sparkplane.alerting.Scope;
import java.util.ArrayList;
import java.util.List;

final class Keys {

  private Keys() {}

  /** The keys a run belongs to under {@code rule}, one per scope (no workload key without one). */
  static List<AlertKey> of(String rule, List<Scope> scopes, RunOutcome run) {
    List<AlertKey> keys = new ArrayList<>(scopes.size());
    for (Scope scope : scopes) {
      switch (scope) {
        case GLOBAL -> keys.add(AlertKey.of(rule, scope, null, null, null));
        case REGION -> keys.add(AlertKey.of(rule, scope, null, run.region(), null));
        case TENANT -> keys.add(AlertKey.of(rule, scope, run.tenant(), null, null));
        case WORKLOAD -> {
          if (run.workload() != null) {
            keys.add(AlertKey.of(rule, scope, run.tenant(), null, run.workload()));
          }
        }
      }
    }
    return keys;
  }

  static String describe(AlertKey key) {
    return switch (key.scope()) {
      case GLOBAL -> "the fleet";
      case REGION -> "region " + key.region();
      case TENANT -> "tenant " + key.tenant();
      case WORKLOAD -> "workload " + key.workload() + " of tenant " + key.tenant();
    };
  }
}
