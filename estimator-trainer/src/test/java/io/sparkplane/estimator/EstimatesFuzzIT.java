package io.sparkplane.estimator;

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
import io.sparkplane.collector.auth.TenantScope;
import io.sparkplane.collector.store.RunStore;
import io.sparkplane.collector.store.h2.H2RunStore;
import io.sparkplane.collector.testing.Fuzz;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Fuzzes {@code POST /api/v1/estimates} on a real collector with the estimator: every body is
 * answered 200 with an estimate or 4xx with a JSON body naming the field, never a 500 or a hang.
 * Cases per property: {@value #DEFAULT_EXAMPLES}, or {@code -Dsparkplane.fuzz.examples=N} for a long run.
 */
@DisplayName("POST /api/v1/estimates under fuzzed input")
class EstimatesFuzzIT {

  static final int DEFAULT_EXAMPLES = 150;
  private static final Fuzz FUZZ = Fuzz.surface("estimates over HTTP", DEFAULT_EXAMPLES);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(15);
  private static final List<String> FIELDS =
      List.of("tenant", "workload", "runId", "tables", "joins", "relationshipDepth", "outputKind", "targetSlaSeconds");

  private static Path dir;
  private static RunStore store;
  private static CollectorServer server;
  private static HttpClient http;
  private static URI estimates;

  @BeforeAll
  static void start() throws IOException {
    dir = Files.createTempDirectory("estimates-fuzz");
    store = H2RunStore.open(dir.resolve("data"), Clock.systemUTC());
    server =
        CollectorServer.builder(CollectorConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(dir))
            .store(store)
            .authenticator(
                token -> "t0".equals(token) ? Optional.of(TenantScope.of("tenant-0")) : Optional.empty())
            .extension(
                new EstimatorExtension(
                    EstimatorSettings.builder().modelDir(dir.resolve("models")).minTrainingRuns(50).trees(20).build(),
                    false))
            .build();
    estimates = URI.create("http://127.0.0.1:" + server.start() + "/api/v1/estimates");
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

  @Test
  @DisplayName("Any value in any field: an estimate, or 400 naming the field")
  void anyFieldAnyValue() {
    FUZZ.check("any value in any field", fields(), values(), (field, value) -> {
      ObjectNode request = valid();
      request.set(field, value);
      assertAnsweredOrRefused(post(request.toString().getBytes(StandardCharsets.UTF_8), "application/json"));
    });
  }

  @Test
  @DisplayName("Any rows, bytes and name of a table: an estimate, or 400 naming the field")
  void anyTableValues() {
    FUZZ.check("table rows, bytes and names", values(), values(), values(), (rows, bytes, name) -> {
      ObjectNode request = valid();
      ((ObjectNode) request.withArray("tables").get(0)).set("rows", rows);
      ((ObjectNode) request.withArray("tables").get(0)).set("bytes", bytes);
      ((ObjectNode) request.withArray("tables").get(1)).set("name", name);
      assertAnsweredOrRefused(post(request.toString().getBytes(StandardCharsets.UTF_8), "application/json"));
    });
  }

  @Test
  @DisplayName("Truncated or damaged JSON: 400 with a JSON error body")
  void damagedBodies() {
    FUZZ.check("malformed JSON (damaged bytes)", integers().between(0, 10_000), tokens(), booleans().all(), (at, token, truncate) -> {
      byte[] body = valid().toString().getBytes(StandardCharsets.UTF_8);
      int i = at % body.length;
      byte[] damaged =
          truncate
              ? Arrays.copyOf(body, i)
              : (new String(body, 0, i, StandardCharsets.UTF_8)
                      + token
                      + new String(body, i, body.length - i, StandardCharsets.UTF_8))
                  .getBytes(StandardCharsets.UTF_8);
      assertAnsweredOrRefused(post(damaged, "application/json"));
    });
  }

  @Test
  @DisplayName("Deep nesting and more than 256 tables: 400")
  void deepNestingAndManyTables() {
    FUZZ.check("deep nesting, too many tables", integers().between(1, 5_000), integers().between(257, 2_000), (depth, tables) -> {
      String nested = "[".repeat(depth) + "]".repeat(depth);
      assertRefused(
          post(("{\"workload\":\"w\",\"tables\":" + nested + "}").getBytes(StandardCharsets.UTF_8), "application/json"));
      ObjectNode many = valid();
      ArrayNode list = many.putArray("tables");
      for (int i = 0; i < tables; i++) {
        list.addObject().put("rows", 1).put("bytes", 1);
      }
      HttpResponse<String> tooMany = post(many.toString().getBytes(StandardCharsets.UTF_8), "application/json");
      assertRefused(tooMany);
      assertThat(JSON.readTree(tooMany.body()).path("field").asText()).isEqualTo("tables");
    });
  }

  @Test
  @DisplayName("Random bytes with any content type: 400 with a JSON error body")
  void randomBytes() {
    FUZZ.check(
        "random bytes",
        Generate.byteArrays(integers().between(0, 4_096), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0)),
        Generate.pick(List.of("application/json", "text/plain", "application/x-ndjson", "application/xml")),
        (body, contentType) -> assertRefused(post(body, contentType)));
  }

  static Gen<String> fields() {
    return Generate.pick(FIELDS).mix(strings().allPossible().ofLengthBetween(1, 20));
  }

  static Gen<JsonNode> values() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    Gen<JsonNode> text = strings().allPossible().ofLengthBetween(0, 300).map(t -> (JsonNode) f.textNode(t));
    Gen<JsonNode> numbers =
        Generate.pick(List.of("1e400", "-1e400", "99999999999999999999999999999999", "-1", "0", "0.5"))
            .map(n -> (JsonNode) f.numberNode(new BigDecimal(n)));
    Gen<JsonNode> longsGen = longs().all().map(l -> (JsonNode) f.numberNode(l));
    Gen<JsonNode> doublesGen = doubles().any().map(d -> (JsonNode) f.numberNode(d));
    Gen<JsonNode> kinds = Generate.pick(List.of("FILES", "TABLE", "files", "NONE", "")).map(t -> (JsonNode) f.textNode(t));
    Gen<JsonNode> shapes =
        integers().between(0, 3).map(i -> switch (i) {
          case 0 -> (JsonNode) f.nullNode();
          case 1 -> f.booleanNode(false);
          case 2 -> f.arrayNode();
          default -> f.objectNode();
        });
    Gen<JsonNode> arrays = integers().between(-2, 2).map(i -> (JsonNode) f.arrayNode().add(i));
    return text.mix(numbers).mix(longsGen).mix(doublesGen).mix(kinds).mix(shapes).mix(arrays);
  }

  static Gen<String> tokens() {
    return Generate.pick(List.of("{", "}", "[", "]", "\"", ",", ":", "\\", "\u0000", "nul", "-", "1e999", "\n", "é"));
  }

  private static ObjectNode valid() throws IOException {
    return (ObjectNode)
        JSON.readTree(
            """
            {"workload":"workload-1","runId":"fuzz",
             "tables":[{"name":"orders","rows":1200000,"bytes":96000000},{"name":"customers","rows":50000,"bytes":4000000}],
             "joins":1,"relationshipDepth":1,"outputKind":"FILES","targetSlaSeconds":900}
            """);
  }

  private static void assertAnsweredOrRefused(HttpResponse<String> response) throws IOException {
    if (response.statusCode() == 200) {
      assertThat(JSON.readTree(response.body()).isObject()).as(response.body()).isTrue();
    } else {
      assertRefused(response);
    }
  }

  private static void assertRefused(HttpResponse<String> response) throws IOException {
    assertThat(response.statusCode()).as(response.body()).isBetween(400, 499);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("error").asText()).as(response.body()).isNotBlank();
    assertThat(body.path("reason").asText()).as(response.body()).isNotBlank();
    assertThat(body.path("field").asText()).as(response.body()).isNotBlank();
  }

  private static HttpResponse<String> post(byte[] body, String contentType) throws Exception {
    return http.send(
        HttpRequest.newBuilder(estimates)
            .timeout(TIMEOUT)
            .header("Content-Type", contentType)
            .header("Authorization", "Bearer t0")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
