package io.sparkplane.collector.http;

import io.javalin.http.Context;
import io.javalin.http.Header;
import io.sparkplane.collector.auth.TenantAuthenticator;
import io.sparkplane.collector.auth.TenantScope;

/** Resolves the {@link TenantScope} of a request, or ends it with 401; for extensions too. */
public final class Authentication {

  private final TenantAuthenticator authenticator;

  public Authentication(TenantAuthenticator authenticator) {
    this.authenticator = authenticator;
  }

  public TenantScope scopeOf(Context ctx) {
    String token = BearerToken.from(ctx.header(Header.AUTHORIZATION));
    return authenticator
        .authenticate(token)
        .orElseThrow(
            () -> new ApiException(401, "unauthorized", "credentials were not accepted", "Authorization"));
  }
}
