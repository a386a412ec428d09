package io.sparkplane.collector.http;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Reads the token of an {@code Authorization: Bearer <token>} header. */
final class BearerToken {

  private static final String SCHEME = "bearer ";

  private BearerToken() {}

  /**
   * @return the token, or {@code null} if there is no {@code Authorization} header
   * @throws ApiException 401 if the header is present but is not a bearer token
   */
  static @Nullable String from(@Nullable String authorizationHeader) {
    if (authorizationHeader == null) {
      return null;
    }
    String value = authorizationHeader.trim();
    if (!value.toLowerCase(Locale.ROOT).startsWith(SCHEME)
        || value.substring(SCHEME.length()).isBlank()) {
      throw new ApiException(
          401, "unauthorized", "Authorization must be 'Bearer <token>'", "Authorization");
    }
    return value.substring(SCHEME.length()).trim();
  }
}
