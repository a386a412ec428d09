package io.sparkplane.collector.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Splits a decoded body into one JSON tree per event: a single object or an array of objects for
 * {@link PayloadFormat#JSON}, one value per non-blank line for {@link PayloadFormat#NDJSON}. Only
 * syntax and size are checked here: nesting deeper than {@link IngestLimits#maxJsonDepth()} stops the
 * parser as soon as it is reached, and an event with more than {@link
 * IngestLimits#maxFieldsPerEvent()} fields is refused; what the trees contain is {@link
 * EventValidator}'s job.
 */
public final class EventBatchParser {

  private final ObjectMapper mapper;
  private final IngestLimits limits;

  /** With {@link IngestLimits#defaults()}. */
  public EventBatchParser(ObjectMapper mapper) {
    this(mapper, IngestLimits.defaults());
  }

  /** Parses with a copy of {@code mapper} whose parser enforces the depth limit. */
  public EventBatchParser(ObjectMapper mapper, IngestLimits limits) {
    this.limits = limits;
    this.mapper = mapper.copy();
    this.mapper
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(limits.maxJsonDepth()).build());
  }

  /**
   * @throws IngestException {@link RejectReason#MALFORMED_JSON} naming where parsing failed
   */
  public List<JsonNode> parse(byte[] body, PayloadFormat format) {
    List<JsonNode> events = format == PayloadFormat.JSON ? parseJson(body) : parseNdjson(body);
    if (events.isEmpty() && format == PayloadFormat.NDJSON) {
      throw malformed("body contains no events", JsonPaths.ROOT, null);
    }
    for (int i = 0; i < events.size(); i++) {
      if (exceedsFieldLimit(events.get(i))) {
        throw new IngestException(
            RejectReason.LIMIT_EXCEEDED,
            "event has more than maxFieldsPerEvent (" + limits.maxFieldsPerEvent() + ") fields",
            JsonPaths.ROOT,
            i,
            null);
      }
    }
    return events;
  }

  /** Counts object fields and array elements, stopping as soon as the limit is passed. */
  private boolean exceedsFieldLimit(JsonNode event) {
    long count = 0;
    Deque<JsonNode> pending = new ArrayDeque<>();
    pending.push(event);
    while (!pending.isEmpty()) {
      JsonNode node = pending.pop();
      if (node.isContainerNode()) {
        count += node.size();
        if (count > limits.maxFieldsPerEvent()) {
          return true;
        }
        node.elements().forEachRemaining(pending::push);
      }
    }
    return false;
  }

  private List<JsonNode> parseJson(byte[] body) {
    JsonNode root = readSingleValue(body, 0, body.length);
    if (root.isArray()) {
      List<JsonNode> events = new ArrayList<>(root.size());
      root.forEach(events::add);
      return events;
    }
    return List.of(root);
  }

  private List<JsonNode> parseNdjson(byte[] body) {
    List<JsonNode> events = new ArrayList<>();
    int lineStart = 0;
    int lineNumber = 1;
    while (lineStart <= body.length) {
      int lineEnd = indexOf(body, (byte) '\n', lineStart);
      if (!isBlank(body, lineStart, lineEnd)) {
        try {
          events.add(readSingleValue(body, lineStart, lineEnd - lineStart));
        } catch (IngestException e) {
          throw new IngestException(
              e.reason(),
              "line " + lineNumber + ": " + e.getMessage(),
              e.field(),
              events.size(),
              e.getCause());
        }
      }
      lineStart = lineEnd + 1;
      lineNumber++;
    }
    return events;
  }

  /** Reads exactly one JSON value from the range; anything after it is an error. */
  private JsonNode readSingleValue(byte[] body, int offset, int length) {
    try (JsonParser parser = mapper.createParser(body, offset, length)) {
      JsonNode value = mapper.readTree(parser);
      if (value == null || value.isMissingNode()) {
        throw malformed("body contains no JSON value", JsonPaths.ROOT, null);
      }
      JsonToken trailing = parser.nextToken();
      if (trailing != null) {
        throw malformed(
            "unexpected content after the JSON value at line "
                + parser.currentLocation().getLineNr()
                + ", column "
                + parser.currentLocation().getColumnNr(),
            JsonPaths.ROOT,
            null);
      }
      return value;
    } catch (StreamConstraintsException e) {
      String field =
          e.getProcessor() instanceof JsonParser p ? JsonPaths.of(p.getParsingContext()) : JsonPaths.ROOT;
      throw new IngestException(RejectReason.LIMIT_EXCEEDED, constraintMessage(e), field, null, e);
    } catch (StreamReadException e) {
      String field =
          e.getProcessor() != null ? JsonPaths.of(e.getProcessor().getParsingContext()) : JsonPaths.ROOT;
      throw malformed("malformed JSON: " + e.getOriginalMessage(), field, e);
    } catch (JsonProcessingException e) {
      throw malformed("malformed JSON: " + e.getOriginalMessage(), JsonPaths.ROOT, e);
    } catch (IOException e) {
      // reading from a byte array: only parse problems can occur
      throw malformed("malformed JSON: " + e.getMessage(), JsonPaths.ROOT, e);
    }
  }

  private String constraintMessage(StreamConstraintsException e) {
    String original = e.getOriginalMessage();
    if (original != null && original.contains("nesting depth")) {
      return "JSON nests deeper than maxJsonDepth (" + limits.maxJsonDepth() + ")";
    }
    return "JSON exceeds a parser limit: " + original;
  }

  private static IngestException malformed(
      String message, String field, @Nullable Exception cause) {
    return new IngestException(RejectReason.MALFORMED_JSON, message, field, null, cause);
  }

  private static int indexOf(byte[] body, byte b, int from) {
    for (int i = from; i < body.length; i++) {
      if (body[i] == b) {
        return i;
      }
    }
    return body.length;
  }

  private static boolean isBlank(byte[] body, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!Character.isWhitespace(body[i])) {
        return false;
      }
    }
    return true;
  }
}
