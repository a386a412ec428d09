package io.sparkplane.collector.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The form in which {@code tenants.yaml} keeps tokens: {@code sha256:<64 lower-case hex digits>}.
 *
 * <p>A plain SHA-256 (no salt, no key stretching) is enough because the tokens are generated, not
 * chosen: 256 random bits ({@link TenantTokens#generate()}) cannot be guessed from their hash, so
 * the slow password hashes (bcrypt, Argon2) would only add latency to every ingest request. Whoever
 * reads the file learns nothing usable; whoever holds a token must still present it.
 *
 * <pre>{@code
 * String stored = TokenHasher.hash("spk_8Jq..."); // "sha256:3f2a..."
 * }</pre>
 */
public final class TokenHasher {

  /** Prefix of every stored hash, naming the algorithm so another can be added later. */
  public static final String PREFIX = "sha256:";

  private static final int HEX_DIGITS = 64;

  private TokenHasher() {}

  /** The stored form of {@code token}. */
  public static String hash(String token) {
    if (token.isBlank()) {
      throw new IllegalArgumentException("token must not be blank");
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return PREFIX + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }

  /**
   * Checks and normalises a hash read from a file.
   *
   * @param field where the value came from, for the error message
   * @throws IllegalArgumentException if it is not {@code sha256:} and 64 hex digits
   */
  public static String requireHash(@Nullable String value, String field) {
    if (value == null) {
      throw new IllegalArgumentException(field + " is empty; it must be a token hash ('sha256:' and 64 hex digits)");
    }
    String normalised = value.trim().toLowerCase(Locale.ROOT);
    if (!normalised.startsWith(PREFIX)
        || normalised.length() != PREFIX.length() + HEX_DIGITS
        || !normalised.substring(PREFIX.length()).chars().allMatch(TokenHasher::isHex)) {
      throw new IllegalArgumentException(
          field + " must be 'sha256:' followed by 64 hex digits (a token hash, never the token)");
    }
    return normalised;
  }

  private static boolean isHex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  }
}
