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
