package io.sparkplane.collector.auth;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Decides, from the bearer token of a request, which tenants the caller may act for. The default
 * {@link #allowAll()} admits everyone for every tenant; per-tenant tokens plug in here.
 *
 * <pre>{@code
 * TenantAuthenticator tokens = token -> "s3cret".equals(token)
 *     ? Optional.of(TenantScope.of("acme"))
 *     : Optional.empty();
 * }</pre>
 */
@FunctionalInterface
public interface TenantAuthenticator {

  /**
   * @param bearerToken the token of an {@code Authorization: Bearer} header, or {@code null} if the
   *     request carried none
   * @return the caller's scope, or empty to reject the request as unauthenticated
   */
  Optional<TenantScope> authenticate(@Nullable String bearerToken);

  /** Admits every request, with or without a token, for all tenants. */
  static TenantAuthenticator allowAll() {
    return token -> Optional.of(TenantScope.ALL);
  }
}
