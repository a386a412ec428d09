package io.sparkplane.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.sparkplane.wire.EventType;
import io.sparkplane.wire.TelemetryEvent;
import io.sparkplane.wire.TelemetryJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replay command end to end: logs in, NDJSON file or collector out, an exit code. */
class ReplayCommandRunnerTest {

  @TempDir Path dir;
  private final ByteArrayOutputStream progressBytes = new ByteArrayOutputStream();
  private final PrintStream progress = new PrintStream(progressBytes, true, StandardCharsets.UTF_8);
  private HttpServer collector;
  private final List<JsonNode> received = new CopyOnWriteArrayList<>();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private volatile int status = 202;
  /** Requests answered 429 with {@code Retry-After: 1} before {@link #status} applies. */
  private final java.util.concurrent.atomic.AtomicInteger rateLimitedRequests = new java.util.concurrent.atomic.AtomicInteger();
  private final List<Long> requestNanos = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startCollector() throws IOException {
    collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    collector.createContext(
        "/api/v1/telemetry",
        exchange -> {
          requestNanos.add(System.nanoTime());
          if (rateLimitedRequests.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Retry-After", "1");
            exchange.sendResponseHeaders(429, -1);
            exchange.close();
            return;
          }
          try (InputStream body = new GZIPInputStream(exchange.getRequestBody())) {
            JsonNode batch = TelemetryJson.mapper().readTree(body);
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            if (status / 100 == 2) {
              batch.forEach(received::add);
            }
          }
          byte[] answer = (status / 100 == 2 ? "" : "schema violation: summary.totals").getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
          if (answer.length > 0) {
            exchange.getResponseBody().write(answer);
          }
          exchange.close();
        });
    collector.start();
  }

  @AfterEach
  void stopCollector() {
    collector.stop(0);
  }

  private URI collectorUrl() {
    return URI.create("http://127.0.0.1:" + collector.getAddress().getPort());
  }

  @Test
  @DisplayName("Replayed telemetry goes to an NDJSON file, one parseable event per line")
  void writesNdjson() throws Exception {
    Path out = dir.resolve("out/telemetry.ndjson");
    List<Path> logs =
        List.of(
            SparkTestData.eventLog("sparklens_local-1532512550423", dir),
            SparkTestData.sparkEventLog("local-1422981780767", dir));

    ReplayReport report =
        ReplayCommandRunner.run(logs, ReplayOptions.NONE, Optional.empty(), Optional.of(out), progress);

    assertThat(report.exitCode()).isZero();
    assertThat(report.logsReplayed()).isEqualTo(2);
    assertThat(report.runsFinished()).isEqualTo(2);
    assertThat(report.eventsWritten()).isEqualTo(4);
    List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(4);
    List<TelemetryEvent> events = lines.stream().map(ReplayCommandRunnerTest::parse).toList();
    assertThat(events).extracting(TelemetryEvent::type)
        .containsExactly(
            EventType.RUN_STARTED, EventType.RUN_FINISHED, EventType.RUN_STARTED, EventType.RUN_FINISHED);
    assertThat(progressBytes.toString(StandardCharsets.UTF_8))
        .contains("run local-1532512550423 SUCCEEDED")
        .contains("run local-1422981780767 SUCCEEDED, 3 job(s) (1 failed)")
        .contains("replayed 2 log(s), 2 run(s)");
  }

  @Test
  @DisplayName("Replayed telemetry is posted to the collector in batches, with the bearer token")
  void postsToCollector() throws Exception {
    Path logs = Files.createDirectories(dir.resolve("logs"));
    for (String name : List.of("local-1422981780767", "local-1426533911241", "local-1430917381534")) {
      SparkTestData.sparkEventLog(name, logs);
    }

    ReplayReport report =
        ReplayCommandRunner.run(
            List.of(logs),
            new ReplayOptions("acme", null, null, "s3cret"),
            Optional.of(collectorUrl()),
            Optional.empty(),
            progress);

    assertThat(report.exitCode()).isZero();
    assertThat(report.eventsSent()).isEqualTo(6);
    assertThat(received).hasSize(6);
    assertThat(received).allSatisfy(e -> assertThat(e.get("run").get("tenant").asText()).isEqualTo("acme"));
    assertThat(authorizations).isNotEmpty().allSatisfy(a -> assertThat(a).isEqualTo("Bearer s3cret"));
  }

  @Test
  @DisplayName("A collector answering 429 with Retry-After is retried after the wait it asked for, longer than the 500 ms backoff")
  void honoursRetryAfter() throws Exception {
    rateLimitedRequests.set(2);
    Path log = SparkTestData.sparkEventLog("local-1422981780767", dir);

    ReplayReport report =
        ReplayCommandRunner.run(
            List.of(log), ReplayOptions.NONE, Optional.of(collectorUrl()), Optional.empty(), progress);

    assertThat(report.exitCode()).as("%s", report.errors()).isZero();
    assertThat(received).hasSize((int) report.eventsSent()).isNotEmpty();
    assertThat(requestNanos).hasSize(3);
    for (int i = 1; i < 3; i++) {
      assertThat(java.time.Duration.ofNanos(requestNanos.get(i) - requestNanos.get(i - 1)))
          .as("wait before attempt %d (backoff alone: %d ms)", i + 1, 500 << (i - 1))
          .isGreaterThanOrEqualTo(java.time.Duration.ofSeconds(1));
    }
  }

  @Test
  @DisplayName("A collector that rejects the telemetry fails the command with a non-zero exit code")
  void collectorRejectionFails() throws Exception {
    status = 400;
    Path log = SparkTestData.sparkEventLog("local-1422981780767", dir);

    ReplayReport report =
        ReplayCommandRunner.run(
            List.of(log), ReplayOptions.NONE, Optional.of(collectorUrl()), Optional.empty(), progress);

    assertThat(report.exitCode()).isEqualTo(1);
    assertThat(report.eventsSent()).isZero();
    assertThat(report.errors())
        .singleElement()
        .asString()
        .startsWith(collectorUrl().toString())
        .contains("rejected")
        .contains("400")
        .contains("schema violation");
    assertThat(authorizations).hasSize(1);
  }

  @Test
  @DisplayName("An unreadable log is reported and skipped; the other logs still go out")
  void unreadableLogIsReportedAndSkipped() throws Exception {
    Path missing = dir.resolve("missing-log");
    Path good = SparkTestData.sparkEventLog("local-1422981780767", dir);
    Path out = dir.resolve("telemetry.ndjson");

    ReplayReport report =
        ReplayCommandRunner.run(
            List.of(missing, good), ReplayOptions.NONE, Optional.empty(), Optional.of(out), progress);

    assertThat(report.exitCode()).isEqualTo(1);
    assertThat(report.errors()).singleElement().asString().startsWith(missing.toString());
    assertThat(report.logsReplayed()).isEqualTo(1);
    assertThat(Files.readAllLines(out)).hasSize(2);
  }

  private static TelemetryEvent parse(String line) {
    try {
      return TelemetryJson.parseEvent(line.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError("not a telemetry event: " + line, e);
    }
  }
}
