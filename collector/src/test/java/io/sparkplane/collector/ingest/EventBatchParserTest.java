package io.sparkplane.collector.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.wire.TelemetryJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EventBatchParserTest {

  private final EventBatchParser parser = new EventBatchParser(TelemetryJson.mapper());

  @Test
  @DisplayName("A JSON object is one event, a JSON array is one event per element")
  void json() {
    assertThat(parse("{\"a\":1}", PayloadFormat.JSON)).hasSize(1);
    assertThat(parse("[{\"a\":1},{\"a\":2}]", PayloadFormat.JSON))
        .extracting(n -> n.get("a").asInt())
        .containsExactly(1, 2);
    assertThat(parse("[]", PayloadFormat.JSON)).isEmpty();
  }

  @Test
  @DisplayName("NDJSON is one event per non-blank line, with LF or CRLF endings")
  void ndjson() {
    assertThat(parse("{\"a\":1}\r\n\n  \n{\"a\":2}", PayloadFormat.NDJSON))
        .extracting(n -> n.get("a").asInt())
        .containsExactly(1, 2);
  }

  @Test
  @DisplayName("maxFieldsPerEvent counts object fields plus array elements below the event, so exactly the limit passes and one more is refused with the event's index")
  void fieldLimitBoundary() {
    EventBatchParser limited = new EventBatchParser(TelemetryJson.mapper(), IngestLimits.defaults().withMaxFieldsPerEvent(5));
    // a, b, b[0], b[1], c: five
    String five = "{\"a\":1,\"b\":[true,null],\"c\":{}}";
    String six = "{\"a\":1,\"b\":[true,null],\"c\":{\"d\":\"x\"}}";

    assertThat(limited.parse(bytes("[" + five + "," + five + "]"), PayloadFormat.JSON)).hasSize(2);
    for (PayloadFormat format : PayloadFormat.values()) {
      String body = format == PayloadFormat.JSON ? "[" + five + "," + six + "]" : five + "\n" + six + "\n";
      assertThatThrownBy(() -> limited.parse(bytes(body), format))
          .as(format.name())
          .isInstanceOfSatisfying(
              IngestException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(RejectReason.LIMIT_EXCEEDED);
                assertThat(e.getMessage()).contains("maxFieldsPerEvent (5)");
                assertThat(e.field()).isEqualTo("$");
                assertThat(e.index()).isEqualTo(1);
              });
    }
  }

  @Test
  @DisplayName("The field count while parsing agrees with a walk over the parsed tree on 500 random events")
  void fieldCountMatchesTreeWalk() {
    java.util.Random random = new java.util.Random(42);
    for (int i = 0; i < 500; i++) {
      String json = randomValue(random, 0, true);
      long fields = treeFields(parse(json, PayloadFormat.JSON).get(0));
      EventBatchParser exact =
          new EventBatchParser(TelemetryJson.mapper(), IngestLimits.defaults().withMaxFieldsPerEvent((int) Math.max(1, fields)));
      assertThat(exact.parse(bytes(json), PayloadFormat.JSON)).as(json).hasSize(1);
      if (fields > 1) {
        EventBatchParser oneLess =
            new EventBatchParser(TelemetryJson.mapper(), IngestLimits.defaults().withMaxFieldsPerEvent((int) fields - 1));
        assertThatThrownBy(() -> oneLess.parse(bytes(json), PayloadFormat.JSON)).as(json).isInstanceOf(IngestException.class);
      }
    }
  }

  private static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  /** Object fields plus array elements below the root, counted on the tree. */
  private static long treeFields(JsonNode node) {
    long count = 0;
    for (JsonNode child : (Iterable<JsonNode>) node::elements) {
      count += 1 + treeFields(child);
    }
    return count;
  }

  private static String randomValue(java.util.Random random, int depth, boolean object) {
    int kind = object ? 0 : random.nextInt(depth > 4 ? 4 : 6);
    return switch (kind) {
      case 0 -> {
        StringBuilder b = new StringBuilder("{");
        int n = random.nextInt(5);
        for (int i = 0; i < n; i++) {
          b.append(i > 0 ? "," : "").append("\"k").append(i).append("\":").append(randomValue(random, depth + 1, false));
        }
        yield b.append('}').toString();
      }
      case 1 -> String.valueOf(random.nextInt(1000) - 500);
      case 2 -> String.valueOf(random.nextDouble() * 1e6);
      case 3 -> random.nextBoolean() ? "\"s\"" : random.nextBoolean() ? "null" : "false";
      case 4 -> {
        StringBuilder b = new StringBuilder("[");
        int n = random.nextInt(5);
        for (int i = 0; i < n; i++) {
          b.append(i > 0 ? "," : "").append(randomValue(random, depth + 1, false));
        }
        yield b.append(']').toString();
      }
      default -> randomValue(random, depth + 1, true);
    };
  }

  @Test
  @DisplayName("A syntax error names the path where parsing stopped")
  void syntaxErrorPath() {
    assertMalformed("{\"run\": {\"attempt\": 1, \"tenant\": tru}}", PayloadFormat.JSON, "$.run.tenant");
    assertMalformed("[{\"a\":1}, {\"b\": [1, 2,]}]", PayloadFormat.JSON, "$[1].b[2]");
  }

  @Test
  @DisplayName("Empty bodies and content after the JSON value are malformed")
  void emptyAndTrailing() {
    assertMalformed("", PayloadFormat.JSON, "$");
    assertMalformed("   ", PayloadFormat.JSON, "$");
    assertMalformed("\n\n", PayloadFormat.NDJSON, "$");
    assertMalformed("{\"a\":1} {\"a\":2}", PayloadFormat.JSON, "$");
    assertMalformed("{\"a\":1} {\"a\":2}\n", PayloadFormat.NDJSON, "$");
  }

  @Test
  @DisplayName("A bad NDJSON line is reported with its line number and event index")
  void ndjsonLine() {
    assertThatThrownBy(() -> parse("{\"a\":1}\n\n{\"a\":\n", PayloadFormat.NDJSON))
        .isInstanceOfSatisfying(
            IngestException.class,
            e -> {
              assertThat(e.getMessage()).startsWith("line 3:");
              assertThat(e.index()).isEqualTo(1);
            });
  }

  @Test
  @DisplayName("Each event keeps the exact bytes of the body it was read from, in JSON arrays, single objects and NDJSON")
  void receivedBytes() throws Exception {
    String first = "{\"a\": 1, \"s\": \"x}\\\"{\u00e9\", \"n\": [1.50, 2e3, {\"b\": {}}]}";
    String second = "{\"a\":2}";
    List<String> bodies =
        List.of(
            "[" + first + "," + second + "]",
            " \n[ " + first + " ,\n\t" + second + " ] \n",
            "\uFEFF[" + first + "," + second + "]");
    for (String body : bodies) {
      assertThat(received(body, PayloadFormat.JSON)).as(body).containsExactly(first, second);
    }
    assertThat(received("  " + first + "  ", PayloadFormat.JSON)).containsExactly(first);
    assertThat(received(first + "\r\n\n  " + second + "  \n", PayloadFormat.NDJSON)).containsExactly(first, second);
    for (EventBatchParser.ParsedEvent event :
        parser.parseEvents(bodies.get(1).getBytes(StandardCharsets.UTF_8), PayloadFormat.JSON)) {
      assertThat(TelemetryJson.mapper().readTree(event.json())).isEqualTo(event.tree());
    }
  }

  @Test
  @DisplayName("A body in UTF-16 is parsed, but its events carry no received bytes (the store serialises them)")
  void utf16HasNoReceivedBytes() {
    byte[] body = "[{\"a\":1}]".getBytes(StandardCharsets.UTF_16);
    List<EventBatchParser.ParsedEvent> events = parser.parseEvents(body, PayloadFormat.JSON);
    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.tree().get("a").asInt()).isEqualTo(1);
      assertThat(e.json()).isNull();
    });
  }

  private List<String> received(String body, PayloadFormat format) {
    return parser.parseEvents(body.getBytes(StandardCharsets.UTF_8), format).stream()
        .map(e -> new String(e.json(), StandardCharsets.UTF_8))
        .toList();
  }

  private void assertMalformed(String body, PayloadFormat format, String field) {
    assertThatThrownBy(() -> parse(body, format))
        .isInstanceOfSatisfying(
            IngestException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(RejectReason.MALFORMED_JSON);
              assertThat(e.field()).isEqualTo(field);
            });
  }

  private List<JsonNode> parse(String body, PayloadFormat format) {
    return parser.parse(body.getBytes(StandardCharsets.UTF_8), format);
  }
}
