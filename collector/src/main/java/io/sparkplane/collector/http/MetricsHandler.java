package io.sparkplane.collector.http;

import io.javalin.http.Context;
import io.javalin.http.Header;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sparkplane.collector.auth.TokenHasher;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /metrics}: the registry in Prometheus text exposition format 0.0.4. Open unless a
 * metrics token hash is set; then only {@code Authorization: Bearer <token>} with that token's hash
 * is served (compared in constant time), anything else gets 401.
 */
final class MetricsHandler {

  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;
  private final byte @Nullable [] tokenHash;

  MetricsHandler(PrometheusMeterRegistry registry, @Nullable String tokenHash) {
    this.registry = registry;
    this.tokenHash = tokenHash == null ? null : tokenHash.getBytes(StandardCharsets.US_ASCII);
  }

  void scrape(Context ctx) {
    if (tokenHash != null) {
      authorize(ctx);
    }
    ctx.contentType(CONTENT_TYPE).result(registry.scrape());
  }

  private void authorize(Context ctx) {
    String token = BearerToken.from(ctx.header(Header.AUTHORIZATION));
    byte[] presented =
        token == null || token.isBlank()
            ? new byte[0]
            : TokenHasher.hash(token).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(presented, tokenHash)) {
      ctx.header(Header.WWW_AUTHENTICATE, "Bearer realm=\"metrics\"");
      throw new ApiException(401, "unauthorized", "GET /metrics requires the metrics token", "Authorization");
    }
  }
}
