package io.sparkplane.alerting.config;

import io.sparkplane.alerting.Scope;
import java.util.LinkedHashSet;
import java.util.List;

final class ScopeList {

  private ScopeList() {}

  static List<Scope> check(String field, List<Scope> scopes, boolean workloadAllowed) {
    if (scopes.isEmpty()) {
      throw new ConfigFieldException(field, "must name at least one of tenant, region, global");
    }
    for (Scope scope : scopes) {
      if (scope == null) {
        throw new ConfigFieldException(field, "must not contain null");
      }
      if (scope == Scope.WORKLOAD && !workloadAllowed) {
        throw new ConfigFieldException(field, "workload is not a scope of this rule; use tenant, region, global");
      }
    }
    return List.copyOf(new LinkedHashSet<>(scopes));
  }
}
