package io.sparkplane.collector.auth;

import org.jspecify.annotations.Nullable;

/**
 * The tenants an authenticated caller may act for: one tenant, or all of them.
 *
 * <pre>{@code
 * TenantScope.of("acme").permits("acme"); // true
 * TenantScope.ALL.permits("anyone");      // true
 * }</pre>
 *
 * @param tenant the only permitted tenant, or {@code null} for all tenants
 */
public record TenantScope(@Nullable String tenant) {

  /** Every tenant. */
  public static final TenantScope ALL = new TenantScope(null);

  public static TenantScope of(String tenant) {
    if (tenant.isBlank()) {
      throw new IllegalArgumentException("tenant must not be blank");
    }
    return new TenantScope(tenant);
  }

  public boolean permits(String candidate) {
    return tenant == null || tenant.equals(candidate);
  }

  public boolean isAll() {
    return tenant == null;
  }
}
