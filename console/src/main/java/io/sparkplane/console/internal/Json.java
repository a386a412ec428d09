package io.sparkplane.console.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Defensive reads from JSON written by other parts (triage verdicts, retry records, alerts): a
 * missing or mistyped field reads as absent, never as an error. Internal.
 */
public final class Json {

  private Json() {}

  public static @Nullable String text(@Nullable JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    if (v == null || v.isNull() || v.isContainerNode()) {
      return null;
    }
    return v.asText();
  }

  public static @Nullable Double number(@Nullable JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v != null && v.isNumber() ? v.asDouble() : null;
  }

  public static @Nullable Long integer(@Nullable JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v != null && v.canConvertToLong() && v.isIntegralNumber() ? v.asLong() : null;
  }

  public static List<JsonNode> array(@Nullable JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    List<JsonNode> items = new ArrayList<>();
    if (v != null && v.isArray()) {
      v.forEach(items::add);
    }
    return items;
  }

  public static @Nullable JsonNode object(@Nullable JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v != null && v.isObject() ? v : null;
  }
}
