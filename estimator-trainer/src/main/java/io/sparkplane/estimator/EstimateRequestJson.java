package io.sparkplane.estimator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The JSON form of an {@link EstimateRequest}: the body of {@code POST /api/v1/estimates} and the
 * run attachment {@value #ATTACHMENT} that training reads back.
 *
 * <pre>{@code
 * {"tenant":"acme","workload":"daily-segments","runId":"run-42",
 *  "tables":[{"name":"orders","rows":1200000,"bytes":96000000}],
 *  "joins":1,"relationshipDepth":1,"outputKind":"FILES","targetSlaSeconds":900}
 * }</pre>
 */
public final class EstimateRequestJson {

  /** Name of the run attachment that keeps the request a run was sized with. */
  public static final String ATTACHMENT = "estimate";

  /** Most source tables a request may name. */
  public static final int MAX_TABLES = 256;

  private static final Set<String> FIELDS =
      Set.of(
          "tenant",
          "workload",
          "runId",
          "tables",
          "joins",
          "relationshipDepth",
          "outputKind",
          "targetSlaSeconds");
  private static final int MAX_NAME = 256;

  private EstimateRequestJson() {}

  public static ObjectNode toJson(EstimateRequest request) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("tenant", request.tenant());
    root.put("workload", request.workload());
    if (request.runId() != null) {
      root.put("runId", request.runId());
    }
    ArrayNode tables = root.putArray("tables");
    for (TableInput t : request.features().tables()) {
      tables.addObject().put("name", t.name()).put("rows", t.rows()).put("bytes", t.bytes());
    }
    root.put("joins", request.features().joins());
    root.put("relationshipDepth", request.features().relationshipDepth());
    root.put("outputKind", request.features().outputKind().name());
    if (request.targetSla() != null) {
      root.put("targetSlaSeconds", request.targetSla().toMillis() / 1000.0);
    }
    return root;
  }

  /**
   * Reads a request.
   *
   * @param defaultTenant the tenant when the body names none (the caller's own), or {@code null}
   *     to require one
   * @throws InvalidRequestException naming the first field that is missing or wrong
   */
  public static EstimateRequest fromJson(@Nullable JsonNode root, @Nullable String defaultTenant) {
    if (root == null || !root.isObject()) {
      throw new InvalidRequestException("$", "body must be a JSON object");
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw new InvalidRequestException(name, "unknown field");
      }
    }
    String tenant = optionalText(root, "tenant");
    if (tenant == null) {
      if (defaultTenant == null) {
        throw new InvalidRequestException("tenant", "tenant is required");
      }
      tenant = defaultTenant;
    }
    String workload = optionalText(root, "workload");
    if (workload == null) {
      throw new InvalidRequestException("workload", "workload is required");
    }
    String runId = optionalText(root, "runId");
    List<TableInput> tables = tables(root.get("tables"));
    int joins = (int) count(root, "joins", 0, 1_000, 0);
    int depth = (int) count(root, "relationshipDepth", 0, 1_000, Math.min(joins, 1));
    if (depth > joins) {
      throw new InvalidRequestException(
          "relationshipDepth", "relationshipDepth cannot exceed joins (" + joins + ")");
    }
    OutputKind outputKind = outputKind(root.get("outputKind"));
    Duration sla = sla(root.get("targetSlaSeconds"));
    return new EstimateRequest(
        tenant, workload, runId, new JobFeatures(tables, joins, depth, outputKind), sla);
  }

  private static @Nullable String optionalText(JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual() || node.asText().isBlank()) {
      throw new InvalidRequestException(field, field + " must be a non-blank string");
    }
    if (node.asText().length() > MAX_NAME) {
      throw new InvalidRequestException(field, field + " must be at most " + MAX_NAME + " characters");
    }
    return node.asText();
  }

  private static List<TableInput> tables(@Nullable JsonNode node) {
    if (node == null || node.isNull()) {
      throw new InvalidRequestException("tables", "tables is required");
    }
    if (!node.isArray() || node.isEmpty()) {
      throw new InvalidRequestException("tables", "tables must be a non-empty array");
    }
    if (node.size() > MAX_TABLES) {
      throw new InvalidRequestException("tables", "at most " + MAX_TABLES + " tables");
    }
    List<TableInput> tables = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      String path = "tables[" + i + "]";
      JsonNode t = node.get(i);
      if (!t.isObject()) {
        throw new InvalidRequestException(path, "each table must be an object");
      }
      JsonNode nameNode = t.get("name");
      String name = nameNode == null || nameNode.isNull() ? "table" + i : nameNode.asText();
      if (nameNode != null && !nameNode.isNull() && !nameNode.isTextual()) {
        throw new InvalidRequestException(path + ".name", "name must be a string");
      }
      long rows = requiredCount(t, path + ".rows", "rows");
      long bytes = requiredCount(t, path + ".bytes", "bytes");
      tables.add(new TableInput(name, rows, bytes));
    }
    return tables;
  }

  private static long requiredCount(JsonNode t, String path, String field) {
    JsonNode v = t.get(field);
    if (v == null || v.isNull()) {
      throw new InvalidRequestException(path, field + " is required");
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
      throw new InvalidRequestException(path, field + " must be a non-negative integer");
    }
    return v.asLong();
  }

  private static long count(JsonNode root, String field, long min, long max, long absent) {
    JsonNode v = root.get(field);
    if (v == null || v.isNull()) {
      return absent;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
      throw new InvalidRequestException(
          field, field + " must be an integer between " + min + " and " + max);
    }
    return v.asLong();
  }

  private static OutputKind outputKind(@Nullable JsonNode node) {
    if (node == null || node.isNull()) {
      return OutputKind.FILES;
    }
    if (node.isTextual()) {
      for (OutputKind kind : OutputKind.values()) {
        if (kind.name().equals(node.asText().toUpperCase(Locale.ROOT))) {
          return kind;
        }
      }
    }
    throw new InvalidRequestException("outputKind", "outputKind must be one of FILES, TABLE, DRIVER");
  }

  private static @Nullable Duration sla(@Nullable JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    // at least the millisecond the deadline is kept in: a positive number that rounds to zero is
    // refused here rather than failing later as a zero deadline
    if (!node.isNumber() || !(node.asDouble() >= 0.001) || node.asDouble() > 30 * 86_400) {
      throw new InvalidRequestException(
          "targetSlaSeconds",
          "targetSlaSeconds must be a number of seconds, at least 0.001 (1 ms) and at most 30 days");
    }
    return Duration.ofMillis(Math.round(node.asDouble() * 1000));
  }
}
