package io.sparkplane.collector.auth;

/**
 * A new token: give {@code token} to the tenant once, put {@code hash} into {@code tenants.yaml}.
 *
 * @param token the secret, shown once and never stored by the collector
 * @param hash its stored form, see {@link TokenHasher}
 */
public record GeneratedToken(String token, String hash) {

  @Override
  public String toString() {
    // keeps the secret out of logs that print the record
    return "GeneratedToken[hash=" + hash + "]";
  }
}
