package io.sparkplane.console.internal;

import io.sparkplane.collector.auth.TenantScope;
import io.sparkplane.collector.http.ApiException;
import org.jspecify.annotations.Nullable;

/** Tenant scoping of console pages, the same rule as the run API's. Internal. */
public final class Viewer {

  private Viewer() {}

  /** The tenant to read: the requested one if the scope permits it, else the scope's own. */
  public static @Nullable String tenant(@Nullable String requested, TenantScope scope) {
    if (requested == null) {
      return scope.tenant();
    }
    if (!scope.permits(requested)) {
      throw new ApiException(403, "forbidden", "not permitted to read tenant '" + requested + "'", "tenant");
    }
    return requested;
  }
}
