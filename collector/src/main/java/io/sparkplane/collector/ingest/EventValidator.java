package io.sparkplane.collector.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.Keyword;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.ValidatorTypeCode;
import com.networknt.schema.Vocabulary;
import io.sparkplane.wire.TelemetryEvent;
import io.sparkplane.wire.TelemetryJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.Locale;
import java.util.Set;

/**
 * Checks one event tree against the wire format's JSON Schema (draft 2020-12) and binds it to a
 * {@link TelemetryEvent}. A violation names the offending field as a JSON path within the event.
 *
 * <pre>{@code
 * TelemetryEvent event = EventValidator.fromWireSchema().toEvent(tree);
 * }</pre>
 *
 * <p>Thread-safe; build once, the schema is compiled in the constructor.
 */
public final class EventValidator {

  /** Orders violations so the reported one does not depend on hash order. */
  private static final Comparator<ValidationMessage> REPORT_ORDER =
      Comparator.comparing((ValidationMessage m) -> m.getInstanceLocation().toString())
          .thenComparing(m -> String.valueOf(m.getProperty()))
          .thenComparing(ValidationMessage::getType)
          .thenComparing(ValidationMessage::getMessage);

  private final JsonSchema schema;
  private final ObjectMapper mapper;

  EventValidator(JsonSchema schema, ObjectMapper mapper) {
    this.schema = schema;
    this.mapper = mapper;
  }

  /**
   * A validator for {@link TelemetryJson#SCHEMA_RESOURCE}, binding with {@link TelemetryJson#mapper()};
   * draft 2020-12 as networknt implements it, with {@code minimum} checked by {@link
   * FastMinimumKeyword} (the same verdicts and messages, without a BigDecimal per passing number).
   */
  public static EventValidator fromWireSchema() {
    return fromWireSchema(
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, b -> b.metaSchema(metaSchema())));
  }

  /**
   * Draft 2020-12 with {@link FastMinimumKeyword} in its validation vocabulary (networknt builds a
   * meta-schema's keywords from its vocabularies, so the keyword is replaced there).
   */
  static JsonMetaSchema metaSchema() {
    Vocabulary standard = Vocabulary.V202012_VALIDATION;
    Vocabulary validation =
        new Vocabulary(
            standard.getIri(),
            standard.getKeywords().stream()
                .map(k -> k.getValue().equals(ValidatorTypeCode.MINIMUM.getValue()) ? new FastMinimumKeyword() : k)
                .toArray(Keyword[]::new));
    return JsonMetaSchema.builder(JsonMetaSchema.getV202012())
        .vocabularyFactory(iri -> validation.getIri().equals(iri) ? validation : null)
        .build();
  }

  /** With networknt's own validators throughout (what {@link FastMinimumKeyword} is tested against). */
  static EventValidator fromWireSchemaStandardKeywords() {
    return fromWireSchema(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012));
  }

  private static EventValidator fromWireSchema(JsonSchemaFactory factory) {
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder().pathType(PathType.JSON_PATH).locale(Locale.ROOT).build();
    try (InputStream in = TelemetryJson.schema()) {
      if (in == null) {
        throw new IllegalStateException(
            "JSON Schema " + TelemetryJson.SCHEMA_RESOURCE + " is not on the classpath");
      }
      return new EventValidator(factory.getSchema(in, config), TelemetryJson.mapper());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + TelemetryJson.SCHEMA_RESOURCE, e);
    }
  }

  /**
   * @throws IngestException {@link RejectReason#SCHEMA_VIOLATION} naming the first offending field
   */
  public TelemetryEvent toEvent(JsonNode tree) {
    Set<ValidationMessage> violations;
    try {
      violations = schema.validate(tree);
    } catch (NumberFormatException | ArithmeticException e) {
      // the validator converts numbers to BigDecimal: a literal like 1e400 parses to Infinity
      throw new IngestException(
          RejectReason.SCHEMA_VIOLATION,
          "number is out of range (not a finite double)",
          nonFinitePath(tree, JsonPaths.ROOT).orElse(JsonPaths.ROOT),
          null,
          e);
    }
    if (!violations.isEmpty()) {
      ValidationMessage first = violations.stream().min(REPORT_ORDER).orElseThrow();
      String more = violations.size() > 1 ? " (and " + (violations.size() - 1) + " more)" : "";
      throw new IngestException(
          RejectReason.SCHEMA_VIOLATION, first.getMessage() + more, fieldOf(first));
    }
    try {
      return mapper.treeToValue(tree, TelemetryEvent.class);
    } catch (JsonMappingException e) {
      // the schema passed but the records refused, e.g. a second body besides the one type names
      throw new IngestException(
          RejectReason.SCHEMA_VIOLATION,
          "invalid event: " + rootCauseMessage(e),
          JsonPaths.of(e.getPath()),
          null,
          e);
    } catch (JsonProcessingException e) {
      throw new IngestException(
          RejectReason.SCHEMA_VIOLATION, "invalid event: " + e.getOriginalMessage(), JsonPaths.ROOT, null, e);
    }
  }

  /** Path of the first number in {@code node} that is not a finite double, if any. */
  private static java.util.Optional<String> nonFinitePath(JsonNode node, String at) {
    if (node.isNumber()) {
      return Double.isFinite(node.doubleValue()) ? java.util.Optional.empty() : java.util.Optional.of(at);
    }
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        java.util.Optional<String> found = nonFinitePath(node.get(i), at + "[" + i + "]");
        if (found.isPresent()) {
          return found;
        }
      }
    }
    for (java.util.Iterator<java.util.Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      java.util.Map.Entry<String, JsonNode> field = it.next();
      java.util.Optional<String> found = nonFinitePath(field.getValue(), at + "." + field.getKey());
      if (found.isPresent()) {
        return found;
      }
    }
    return java.util.Optional.empty();
  }

  /** A {@code required} violation is reported on the parent; name the missing property itself. */
  private static String fieldOf(ValidationMessage message) {
    String location = message.getInstanceLocation().toString();
    if ("required".equals(message.getType()) && message.getProperty() != null) {
      return location + "." + message.getProperty();
    }
    return location;
  }

  private static String rootCauseMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause == e ? ((JsonProcessingException) e).getOriginalMessage() : cause.getMessage();
  }
}
