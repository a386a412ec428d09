package io.sparkplane.collector.store.elasticsearch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Document ids. Readable and unambiguous (the tenant is length-prefixed, so {@code a/b}+{@code c}
 * never meets {@code a}+{@code b/c}); a SHA-256 when the readable form passes Elasticsearch's 512
 * byte limit.
 */
final class DocIds {

  private static final int MAX_ID_BYTES = 512;

  private DocIds() {}

  static String run(String tenant, String runId) {
    return bounded(tenant.length() + ":" + tenant + "/" + runId);
  }

  static String attachment(String tenant, String runId, String name) {
    return bounded(tenant.length() + ":" + tenant + "/" + runId.length() + ":" + runId + "#" + name);
  }

  static String event(String eventId) {
    return bounded(eventId);
  }

  private static String bounded(String id) {
    byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= MAX_ID_BYTES) {
      return id;
    }
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
