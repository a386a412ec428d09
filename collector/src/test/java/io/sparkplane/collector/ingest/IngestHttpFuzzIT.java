package io.sparkplane.collector.ingest;

import static io.sparkplane.collector.TestEvents.finished;
import static io.sparkplane.collector.TestEvents.run;
import static io.sparkplane.collector.TestEvents.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkplane.collector.CollectorConfig;
import io.sparkplane.collector.CollectorServer;
import io.sparkplane.collector.auth.GeneratedToken;
import io.sparkplane.collector.auth.TenantTokens;
import io.sparkplane.collector.store.RunQuery;
import io.sparkplane.collector.store.h2.H2RunStore;
import io.sparkplane.collector.testing.Fuzz;
import io.sparkplane.wire.RunStatus;
import io.sparkplane.wire.TelemetryEvent;
import io.sparkplane.wire.TelemetryJson;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Fuzzes {@code POST /api/v1/telemetry} of a real collector on loopback: every damaged, mistyped,
 * oversized, over-nested or mislabelled body gets a 4xx whose JSON body names the reason and the
 * field, never a 500 or a hang (the client gives up after {@link #TIMEOUT}), and nothing of a refused
 * batch reaches the store, not even the valid events in front of the bad one. Cases per property:
 * {@value #DEFAULT_EXAMPLES}, or {@code -Dsparkplane.fuzz.examples=N} for a long run.
 */
@DisplayName("POST /api/v1/telemetry under fuzzed input")
class IngestHttpFuzzIT {

  static final int DEFAULT_EXAMPLES = 60;
  private static final Fuzz FUZZ = Fuzz.surface("ingest over HTTP", DEFAULT_EXAMPLES);

  static final int MAX_PAYLOAD_BYTES = 256 * 1024;
  static final Duration TIMEOUT = Duration.ofSeconds(15);
  private static final ObjectMapper JSON = TelemetryJson.mapper();
  private static final long T0 = 1_750_000_000_000L;
  private static final AtomicLong TENANTS = new AtomicLong();

  private static Path dir;
  private static H2RunStore store;
  private static CollectorServer server;
  private static HttpClient http;
  private static URI telemetry;
  private static GeneratedToken operator;

  @BeforeAll
  static void start() throws IOException {
    dir = Files.createTempDirectory("ingest-fuzz");
    operator = TenantTokens.generate();
    String tenants = "operators: [\"" + operator.hash() + "\"]\n";
    store = H2RunStore.open(dir.resolve("data"), Clock.systemUTC());
    server =
        CollectorServer.builder(
                CollectorConfig.defaults()
                    .withHost("127.0.0.1")
                    .withPort(0)
                    .withDataDir(dir)
                    .withMaxPayloadBytes(MAX_PAYLOAD_BYTES))
            .store(store)
            .authenticator(
                TenantTokens.parse(new ByteArrayInputStream(tenants.getBytes(StandardCharsets.UTF_8)), "inline")
                    .authenticator())
            .build();
    telemetry = URI.create("http://127.0.0.1:" + server.start() + "/api/v1/telemetry");
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (store != null) {
      store.close();
    }
  }

  // ---- properties --------------------------------------------------------------------------

  @Test
  @DisplayName("A field of any type or a huge number: all events stored, or 400 naming it and none stored")
  void wrongTypesAndHugeNumbers() {
    FUZZ.check(
        "wrong types and huge numbers",
        integers().between(0, 4),
        integers().between(0, 10_000),
        badValues(),
        (validBefore, leaf, value) -> {
          Batch batch = Batch.of(validBefore + 1);
          ObjectNode victim = batch.events.get(validBefore);
          List<String> paths = leafPaths(victim);
          replace(victim, paths.get(leaf % paths.size()), value);
          Outcome outcome = send(batch.bytes(), "application/json", null);
          outcome.assertAcceptedOrRefused(batch);
        });
  }

  @Test
  @DisplayName("A number beyond double range (1e400, found by this suite as a 500) is a 400 naming its field")
  void numberBeyondDoubleRange() throws Exception {
    Batch batch = Batch.of(1);
    batch.events.get(0).set("schemaVersion", JsonNodeFactory.instance.numberNode(new java.math.BigDecimal("1e400")));
    Outcome outcome = send(batch.bytes(), "application/json", null);
    outcome.assertRefused(400);
    assertThat(outcome.field()).isEqualTo("$.schemaVersion");
    outcome.assertAtomic(batch);
  }

  @Test
  @DisplayName("Damaged JSON or NDJSON bytes: accepted whole, or 400 and nothing stored")
  void damagedBytes() {
    FUZZ.check(
        "malformed JSON (damaged bytes)",
        integers().between(1, 5),
        damage(),
        booleans().all(),
        (events, damage, ndjson) -> {
          Batch batch = Batch.of(events);
          byte[] body = damage.apply(ndjson ? batch.ndjson() : batch.bytes());
          Outcome outcome = send(body, ndjson ? "application/x-ndjson" : "application/json", null);
          outcome.assertAcceptedOrRefused(batch);
        });
  }

  @Test
  @DisplayName("Nesting deeper than maxJsonDepth: 400 limit_exceeded, nothing stored")
  void deepNesting() {
    FUZZ.check(
        "deep nesting",
        integers().between(IngestLimits.DEFAULT_MAX_JSON_DEPTH, 20_000),
        booleans().all(),
        (depth, arrays) -> {
          Batch batch = Batch.of(2);
          String open = arrays ? "[" : "{\"a\":";
          String close = arrays ? "]" : "}";
          String nested = open.repeat(depth) + "1" + close.repeat(depth);
          String body = "[" + batch.events.get(0) + ",{\"deep\":" + nested + "}," + batch.events.get(1) + "]";
          Outcome outcome = send(body.getBytes(StandardCharsets.UTF_8), "application/json", null);
          outcome.assertRefused(400);
          assertThat(outcome.reason()).isEqualTo("limit_exceeded");
          outcome.assertAtomic(batch);
        });
  }

  @Test
  @DisplayName("Unknown fields anywhere in an event: accepted whole, or 400 and nothing stored")
  void unknownFields() {
    FUZZ.check(
        "unknown fields",
        integers().between(1, 4).zip(integers().between(0, 10_000), (n, w) -> new int[] {n, w}),
        fieldNames(),
        badValues(),
        (where, name, value) -> {
          Batch batch = Batch.of(where[0]);
          ObjectNode event = batch.events.get(where[1] % where[0]);
          List<ObjectNode> objects = objectsOf(event);
          objects.get(where[1] % objects.size()).set(name, value);
          Outcome outcome = send(batch.bytes(), "application/json", null);
          outcome.assertAcceptedOrRefused(batch);
        });
  }

  @Test
  @DisplayName("Truncated or corrupt gzip: 400, nothing stored")
  void damagedGzip() {
    FUZZ.check(
        "truncated and corrupt gzip",
        integers().between(1, 4),
        damage(),
        (events, damage) -> {
          Batch batch = Batch.of(events);
          byte[] body = damage.apply(gzip(batch.bytes()));
          Outcome outcome = send(body, "application/json", "gzip");
          outcome.assertAcceptedOrRefused(batch);
        });
  }

  @Test
  @DisplayName("A gzip bomb (small body, up to 32x maxPayloadBytes inflated): 413 naming the body")
  void gzipBombs() {
    FUZZ.check(
        "gzip bombs",
        integers().between(1, 32),
        booleans().all(),
        (timesTheLimit, valid) -> {
          Batch batch = Batch.of(1);
          byte[] head = (valid ? "[" + batch.events.get(0) + "," : "[").getBytes(StandardCharsets.UTF_8);
          ByteArrayOutputStream compressed = new ByteArrayOutputStream();
          try (GZIPOutputStream out = new GZIPOutputStream(compressed)) {
            out.write(head);
            byte[] spaces = new byte[64 * 1024];
            Arrays.fill(spaces, (byte) ' ');
            for (long n = 0; n < (long) timesTheLimit * MAX_PAYLOAD_BYTES; n += spaces.length) {
              out.write(spaces);
            }
            out.write(']');
          }
          assertThat(compressed.size()).isLessThan(MAX_PAYLOAD_BYTES);
          Outcome outcome = send(compressed.toByteArray(), "application/json", "gzip");
          outcome.assertRefused(413);
          assertThat(outcome.field()).isEqualTo("body");
          outcome.assertAtomic(batch);
        });
  }

  @Test
  @DisplayName("A body over maxPayloadBytes, with Content-Length or chunked: 413, nothing stored")
  void oversizedBodies() {
    FUZZ.check(
        "oversized bodies",
        integers().between(1, 4 * MAX_PAYLOAD_BYTES),
        booleans().all(),
        (extraBytes, chunked) -> {
          Batch batch = Batch.of(1);
          String padding = " ".repeat(extraBytes + MAX_PAYLOAD_BYTES);
          byte[] body = ("[" + batch.events.get(0) + padding + "]").getBytes(StandardCharsets.UTF_8);
          Outcome outcome = send(body, "application/json", null, chunked);
          outcome.assertRefused(413);
          outcome.assertAtomic(batch);
        });
  }

  @Test
  @DisplayName("Another Content-Type or Content-Encoding: 415 naming the header, nothing stored")
  void contentTypesAndEncodings() {
    FUZZ.check(
        "wrong content types and encodings",
        contentTypes(),
        encodings(),
        (contentType, encoding) -> {
          Batch batch = Batch.of(1);
          String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
          boolean goodType = mediaType.equals("application/json") || mediaType.equals("application/x-ndjson");
          boolean goodEncoding = encoding.isEmpty() || encoding.equals("identity");
          Outcome outcome = send(batch.bytes(), contentType, encoding.isEmpty() ? null : encoding);
          outcome.assertAtomic(batch);
          if (goodType && goodEncoding) {
            assertThat(outcome.status).as(outcome.body).isIn(200, 400);
          } else {
            outcome.assertRefused(415);
            assertThat(outcome.field()).isIn("Content-Type", "Content-Encoding");
          }
        });
  }

  @Test
  @DisplayName("Random bytes: 400 with a JSON error body")
  void randomBytes() {
    FUZZ.check(
        "random bytes",
        Generate.byteArrays(integers().between(0, 4_096), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0)),
        booleans().all(),
        (body, ndjson) -> {
          Outcome outcome = send(body, ndjson ? "application/x-ndjson" : "application/json", null);
          outcome.assertRefused(400);
        });
  }

  // ---- generators --------------------------------------------------------------------------

  static Gen<JsonNode> badValues() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    Gen<JsonNode> text = strings().allPossible().ofLengthBetween(0, 40).map(t -> (JsonNode) f.textNode(t));
    Gen<JsonNode> huge =
        Generate.pick(
                List.of("1e400", "-1e400", "99999999999999999999999999999999", "-9223372036854775809", "1e-400"))
            .map(n -> (JsonNode) f.numberNode(new java.math.BigDecimal(n)));
    Gen<JsonNode> bigInts =
        longs().all().zip(integers().between(0, 20), (l, shift) -> (JsonNode) f.numberNode(BigInteger.valueOf(l).shiftLeft(shift * 4)));
    Gen<JsonNode> doublesGen = doubles().any().map(d -> (JsonNode) f.numberNode(d));
    Gen<JsonNode> shapes =
        Generate.pick(List.of(0, 1, 2, 3, 4))
            .map(
                i ->
                    switch (i) {
                      case 0 -> (JsonNode) f.nullNode();
                      case 1 -> f.booleanNode(true);
                      case 2 -> f.arrayNode();
                      case 3 -> f.objectNode();
                      default -> f.textNode("");
                    });
    Gen<JsonNode> arrays = integers().between(-1, 3).map(i -> (JsonNode) f.arrayNode().add(i));
    return text.mix(huge).mix(bigInts).mix(doublesGen).mix(shapes).mix(arrays);
  }

  static Gen<String> fieldNames() {
    return strings()
        .allPossible()
        .ofLengthBetween(1, 30)
        .mix(Generate.pick(List.of("extra", "schemaVersion", "eventId", "type", "summary", "$ref", "__proto__")));
  }

  static Gen<Damage> damage() {
    Gen<Double> at = integers().between(0, 999).map(i -> i / 1000.0);
    Gen<Damage> truncate = at.map(Damage::truncate);
    Gen<Damage> flip = at.zip(integers().between(0, 255), Damage::flip);
    Gen<Damage> insert =
        at.zip(
            Generate.pick(
                List.of("{", "}", "[", "]", "\"", ",", ":", "\\", "\u0000", "nul", "-", "1e999", "\n", "\uFFFF")),
            Damage::insert);
    return truncate.mix(flip).mix(insert);
  }

  static Gen<String> contentTypes() {
    return Generate.pick(
            List.of(
                "application/json",
                "application/json; charset=utf-8",
                "application/x-ndjson",
                "text/plain",
                "application/xml",
                "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x",
                "application/jsonx",
                "application/octet-stream",
                "*/*",
                ";",
                "json"))
        .mix(strings().betweenCodePoints('!', '~').ofLengthBetween(1, 40));
  }

  /** An encoding, or "" for none. */
  static Gen<String> encodings() {
    return Generate.pick(List.of("", "identity", "br", "deflate", "compress", "zstd", "gzip, br", "*"))
        .mix(strings().betweenCodePoints('a', 'z').ofLengthBetween(1, 10).assuming(e -> !e.equals("gzip")));
  }

  // ---- plumbing ----------------------------------------------------------------------------

  /** Valid events of one fresh tenant, as trees a property may damage. */
  record Batch(String tenant, List<ObjectNode> events) {
    static Batch of(int count) {
      String tenant = "fuzz-" + TENANTS.incrementAndGet();
      List<ObjectNode> trees = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        TelemetryEvent e =
            i % 2 == 0
                ? started(run(tenant, "r-" + i), T0)
                : finished(run(tenant, "r-" + i), T0, RunStatus.FAILED);
        trees.add(JSON.valueToTree(e));
      }
      return new Batch(tenant, trees);
    }

    byte[] bytes() {
      ArrayNode array = JsonNodeFactory.instance.arrayNode();
      events.forEach(array::add);
      return array.toString().getBytes(StandardCharsets.UTF_8);
    }

    byte[] ndjson() {
      StringBuilder lines = new StringBuilder();
      events.forEach(e -> lines.append(e).append('\n'));
      return lines.toString().getBytes(StandardCharsets.UTF_8);
    }

    long storedRuns() {
      return store.listRuns(RunQuery.builder().tenant(tenant).limit(100).build()).runs().size();
    }
  }

  /** One way to damage bytes, at a relative position so it shrinks well. */
  record Damage(String kind, double at, int value, String token) {
    static Damage truncate(double at) {
      return new Damage("truncate", at, 0, "");
    }

    static Damage flip(double at, int value) {
      return new Damage("flip", at, value, "");
    }

    static Damage insert(double at, String token) {
      return new Damage("insert", at, 0, token);
    }

    byte[] apply(byte[] body) {
      int i = (int) (at * body.length);
      return switch (kind) {
        case "truncate" -> Arrays.copyOf(body, i);
        case "flip" -> {
          byte[] copy = body.clone();
          copy[i] = (byte) value;
          yield copy;
        }
        default -> {
          byte[] t = token.getBytes(StandardCharsets.UTF_8);
          byte[] out = new byte[body.length + t.length];
          System.arraycopy(body, 0, out, 0, i);
          System.arraycopy(t, 0, out, i, t.length);
          System.arraycopy(body, i, out, i + t.length, body.length - i);
          yield out;
        }
      };
    }
  }

  /** A response, checked for what every refusal must look like. */
  record Outcome(int status, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("response body is not JSON: " + body, e);
      }
    }

    String reason() {
      return json().path("reason").asText();
    }

    String field() {
      return json().path("field").asText();
    }

    void assertRefused(int expectedStatus) {
      assertThat(status).as("status of a refusal, body %s", body).isEqualTo(expectedStatus);
      JsonNode json = json();
      assertThat(json.path("error").asText()).as("error message in %s", body).isNotBlank();
      assertThat(json.path("reason").asText()).as("reason in %s", body).isNotBlank();
      assertThat(json.path("field").asText()).as("field in %s", body).isNotBlank();
    }

    /** Accepted with every event stored, or a 400 with nothing stored. */
    void assertAcceptedOrRefused(Batch batch) {
      assertAtomic(batch);
      if (status != 200) {
        assertRefused(400);
      }
    }

    /** Accepted: every event is in the store; refused: none is. */
    void assertAtomic(Batch batch) {
      assertThat(status).as("never a 5xx: %s", body).isLessThan(500);
      long stored = batch.storedRuns();
      if (status == 200) {
        assertThat(stored).as("runs stored from an accepted batch").isPositive();
      } else {
        assertThat(stored).as("runs stored from a refused batch (%s)", body).isZero();
      }
    }
  }

  private static Outcome send(byte[] body, String contentType, @Nullable String encoding) throws Exception {
    return send(body, contentType, encoding, false);
  }

  private static Outcome send(byte[] body, String contentType, @Nullable String encoding, boolean chunked)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(telemetry)
            .timeout(TIMEOUT)
            .header("Content-Type", contentType)
            .header("Authorization", "Bearer " + operator.token())
            .POST(
                chunked
                    ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    if (encoding != null) {
      request.header("Content-Encoding", encoding);
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Outcome(response.statusCode(), response.body());
  }

  private static byte[] gzip(byte[] plain) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(plain);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** JSON pointers of every scalar in the tree. */
  private static List<String> leafPaths(JsonNode node) {
    List<String> paths = new ArrayList<>();
    collectLeaves(node, "", paths);
    return paths;
  }

  private static void collectLeaves(JsonNode node, String at, List<String> paths) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        collectLeaves(e.getValue(), at + "/" + e.getKey(), paths);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collectLeaves(node.get(i), at + "/" + i, paths);
      }
    } else {
      paths.add(at);
    }
  }

  private static List<ObjectNode> objectsOf(JsonNode node) {
    List<ObjectNode> objects = new ArrayList<>();
    if (node instanceof ObjectNode o) {
      objects.add(o);
    }
    node.elements().forEachRemaining(child -> objects.addAll(objectsOf(child)));
    return objects;
  }

  private static void replace(ObjectNode root, String pointer, JsonNode value) {
    int slash = pointer.lastIndexOf('/');
    JsonNode parent = root.at(pointer.substring(0, slash));
    String last = pointer.substring(slash + 1);
    if (parent instanceof ObjectNode o) {
      o.set(last, value);
    } else if (parent instanceof ArrayNode a) {
      a.set(Integer.parseInt(last), value);
    }
  }
}
