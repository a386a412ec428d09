package io.sparkplane.triage;

import io.sparkplane.wire.RunIdentity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Groups verdicts so on-call sees one problem, not a hundred: same class, tenant and workload give
 * the same fingerprint. A run without a workload falls back to its application name.
 *
 * <pre>{@code
 * Fingerprint.of(TriageClass.DATA_SKEW, identity); // "DATA_SKEW-5d41402abc4b2a76"
 * }</pre>
 */
public final class Fingerprint {

  private Fingerprint() {}

  public static String of(TriageClass triageClass, RunIdentity identity) {
    String workload =
        identity.workload() != null ? identity.workload() : identity.appName() != null ? identity.appName() : "-";
    String key = triageClass.name() + '\n' + identity.tenant() + '\n' + workload;
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return triageClass.name() + '-' + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
    }
  }
}
