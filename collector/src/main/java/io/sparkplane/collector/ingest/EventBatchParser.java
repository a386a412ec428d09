package io.sparkplane.collector.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
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

  /**
   * Parses with a copy of {@code mapper} whose parser enforces the depth limit and reads decimals
   * with Jackson's fast double parser (the same, correctly rounded values as {@code
   * Double.parseDouble}, in a fraction of the time; a summary holds hundreds of them).
   */
  public EventBatchParser(ObjectMapper mapper, IngestLimits limits) {
    this.limits = limits;
    this.mapper = mapper.copy();
    this.mapper.configure(StreamReadFeature.USE_FAST_DOUBLE_PARSER.mappedFeature(), true);
    this.mapper
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(limits.maxJsonDepth()).build());
  }

  /**
   * @throws IngestException {@link RejectReason#MALFORMED_JSON} naming where parsing failed
   */
  public List<JsonNode> parse(byte[] body, PayloadFormat format) {
    return parseEvents(body, format).stream().map(ParsedEvent::tree).toList();
  }

  /**
   * Like {@link #parse}, keeping with each tree the bytes of the body it was read from, so the event
   * can be stored as received instead of serialised again.
   *
   * @throws IngestException {@link RejectReason#MALFORMED_JSON} naming where parsing failed
   */
  public List<ParsedEvent> parseEvents(byte[] body, PayloadFormat format) {
    List<ParsedEvent> events = format == PayloadFormat.JSON ? parseJson(body) : parseNdjson(body);
    if (events.isEmpty() && format == PayloadFormat.NDJSON) {
      throw malformed("body contains no events", JsonPaths.ROOT, null);
    }
    return events;
  }

  /**
   * One event of a body.
   *
   * @param tree the event as parsed
   * @param json the bytes of the body that hold exactly this value (UTF-8), or {@code null} if the
   *     body was in another encoding (JSON may also be UTF-16 or UTF-32)
   */
  public record ParsedEvent(JsonNode tree, byte @Nullable [] json) {}

  /** A single value is one event; the elements of a top-level array are one event each. */
  private List<ParsedEvent> parseJson(byte[] body) {
    return read(
        body,
        0,
        body.length,
        parser -> {
          List<ParsedEvent> events = new ArrayList<>();
          JsonToken first = parser.nextToken();
          if (first == null) {
            throw malformed("body contains no JSON value", JsonPaths.ROOT, null);
          }
          if (first != JsonToken.START_ARRAY) {
            events.add(readValue(parser, body, 0, 0));
          } else {
            for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
              if (t == null) {
                // not reached with well-formed input: the parser reports an unclosed array itself
                throw malformed("unexpected end of the JSON array", JsonPaths.of(parser.getParsingContext()), null);
              }
              events.add(readValue(parser, body, 0, events.size()));
            }
          }
          return events;
        });
  }

  private List<ParsedEvent> parseNdjson(byte[] body) {
    List<ParsedEvent> events = new ArrayList<>();
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
  private ParsedEvent readSingleValue(byte[] body, int offset, int length) {
    return read(
        body,
        offset,
        length,
        parser -> {
          if (parser.nextToken() == null) {
            throw malformed("body contains no JSON value", JsonPaths.ROOT, null);
          }
          // the caller puts the event's index (and its line) on a refusal
          return readValue(parser, body, offset, null);
        });
  }

  /**
   * Reads the value whose first token the parser is at, with the bytes it spans, refusing it once it
   * holds more than {@link IngestLimits#maxFieldsPerEvent()} fields; {@code rangeOffset} is where the
   * parser's input starts in {@code body}, {@code index} the event's place in the batch.
   */
  private ParsedEvent readValue(JsonParser parser, byte[] body, int rangeOffset, @Nullable Integer index)
      throws IOException {
    long start = parser.currentTokenLocation().getByteOffset();
    JsonNode value;
    try {
      value = mapper.readTree(new FieldCountingParser(parser, limits.maxFieldsPerEvent()));
    } catch (FieldCountingParser.FieldLimitExceeded e) {
      throw new IngestException(
          RejectReason.LIMIT_EXCEEDED,
          "event has more than maxFieldsPerEvent (" + limits.maxFieldsPerEvent() + ") fields",
          JsonPaths.ROOT,
          index,
          e);
    }
    long end = parser.currentLocation().getByteOffset();
    return new ParsedEvent(value, isObjectAt(body, rangeOffset + start, rangeOffset + end)
        ? Arrays.copyOfRange(body, rangeOffset + (int) start, rangeOffset + (int) end)
        : null);
  }

  /**
   * Whether {@code [from, to)} is delimited like one JSON object. Byte offsets are unknown (-1) when
   * Jackson decoded the body as UTF-16 or UTF-32; an event that is no object fails validation anyway.
   */
  private static boolean isObjectAt(byte[] body, long from, long to) {
    return from >= 0 && to - 2 >= from && to <= body.length
        && body[(int) from] == '{' && body[(int) to - 1] == '}';
  }

  /** The body of one parse, which may throw what Jackson's parser throws. */
  @FunctionalInterface
  private interface ParseStep<T> {
    T read(JsonParser parser) throws IOException;
  }

  /**
   * Runs {@code step} on a parser over the range, then requires the range to be over; maps parse
   * failures to {@link IngestException}s naming where they happened.
   */
  private <T> T read(byte[] body, int offset, int length, ParseStep<T> step) {
    try (JsonParser parser = mapper.createParser(body, offset, length)) {
      T value = step.read(parser);
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
