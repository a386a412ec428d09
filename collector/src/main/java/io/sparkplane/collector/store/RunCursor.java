package io.sparkplane.collector.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Objects;

/**
 * Position in the run listing order (submit time, run id, tenant; all descending): the last run of a
 * page. Clients see it only as the opaque string of {@link #encode()}.
 *
 * <pre>{@code
 * String token = RunCursor.of(run).encode();
 * RunCursor back = RunCursor.decode(token);
 * }</pre>
 */
public record RunCursor(long submitTimeMs, String runId, String tenant) {

  private static final int VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  public RunCursor {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(tenant, "tenant");
  }

  /** The cursor that continues after {@code run}. */
  public static RunCursor of(StoredRun run) {
    return new RunCursor(run.submitTimeMs(), run.runId(), run.tenant());
  }

  /** URL-safe opaque form. */
  public String encode() {
    ArrayNode plain = JSON.createArrayNode().add(VERSION).add(submitTimeMs).add(tenant).add(runId);
    try {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(plain));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads a cursor made by {@link #encode()}.
   *
   * @throws IllegalArgumentException if {@code token} is not such a cursor
   */
  public static RunCursor decode(String token) {
    JsonNode plain;
    try {
      plain = JSON.readTree(Base64.getUrlDecoder().decode(token));
    } catch (IllegalArgumentException | IOException e) {
      throw new IllegalArgumentException("cursor is not valid", e);
    }
    if (plain == null
        || !plain.isArray()
        || plain.size() != 4
        || plain.get(0).asInt() != VERSION
        || !plain.get(1).isIntegralNumber()
        || !plain.get(1).canConvertToLong()
        || !plain.get(2).isTextual()
        || !plain.get(3).isTextual()) {
      throw new IllegalArgumentException("cursor is not valid");
    }
    return new RunCursor(plain.get(1).asLong(), plain.get(3).asText(), plain.get(2).asText());
  }
}
