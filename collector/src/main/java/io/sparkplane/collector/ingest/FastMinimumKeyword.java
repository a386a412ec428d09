package io.sparkplane.collector.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.ExecutionContext;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonValidator;
import com.networknt.schema.Keyword;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.ValidationContext;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.ValidatorTypeCode;
import java.util.Set;

/**
 * JSON Schema's {@code minimum}, answered without a {@code BigDecimal} for values that pass it.
 * networknt's own validator compares each number of a {@code "type": "number"} field as {@code new
 * BigDecimal(node.asText())}: for a double, {@code Double.toString} and a decimal parse, about a
 * tenth of the collector's CPU per run summary (hundreds of distribution values, each {@code
 * "minimum": 0}). When the bound is an integer of magnitude at most 2<sup>53</sup>, a finite double
 * or a long at or above it passes exactly as the decimal comparison says; every other value (below
 * the bound, infinite, a big integer, a string) goes to networknt's validator, so refusals read the
 * same as before.
 */
final class FastMinimumKeyword implements Keyword {

  /** Integers up to this magnitude are exact as doubles. */
  private static final long EXACT_IN_DOUBLE = 1L << 53;

  @Override
  public String getValue() {
    return ValidatorTypeCode.MINIMUM.getValue();
  }

  @Override
  public JsonValidator newValidator(
      SchemaLocation schemaLocation,
      JsonNodePath evaluationPath,
      JsonNode schemaNode,
      JsonSchema parentSchema,
      ValidationContext validationContext) {
    JsonValidator standard =
        ValidatorTypeCode.MINIMUM.newValidator(
            schemaLocation, evaluationPath, schemaNode, parentSchema, validationContext);
    if (!schemaNode.isIntegralNumber()
        || !schemaNode.canConvertToLong()
        || Math.abs(schemaNode.longValue()) > EXACT_IN_DOUBLE) {
      return standard;
    }
    return new IntegerBound(standard, schemaNode.longValue());
  }

  /** {@code minimum} with an integer bound: primitive comparisons for values that pass. */
  private record IntegerBound(JsonValidator standard, long minimum) implements JsonValidator {

    @Override
    public Set<ValidationMessage> validate(
        ExecutionContext executionContext, JsonNode node, JsonNode rootNode, JsonNodePath instanceLocation) {
      if (passes(node)) {
        return Set.of();
      }
      return standard.validate(executionContext, node, rootNode, instanceLocation);
    }

    private boolean passes(JsonNode node) {
      if (node.isDouble() || node.isFloat()) {
        double value = node.doubleValue();
        return Double.isFinite(value) && value >= minimum;
      }
      if (node.isInt() || node.isLong()) {
        return node.longValue() >= minimum;
      }
      return false;
    }

    @Override
    public void preloadJsonSchema() {
      standard.preloadJsonSchema();
    }

    @Override
    public SchemaLocation getSchemaLocation() {
      return standard.getSchemaLocation();
    }

    @Override
    public JsonNodePath getEvaluationPath() {
      return standard.getEvaluationPath();
    }

    @Override
    public String getKeyword() {
      return standard.getKeyword();
    }
  }
}
