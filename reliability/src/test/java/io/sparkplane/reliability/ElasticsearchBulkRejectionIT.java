package io.sparkplane.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkplane.collector.CollectorConfig;
import io.sparkplane.collector.CollectorServer;
import io.sparkplane.collector.store.elasticsearch.ElasticsearchRunStore;
import io.sparkplane.collector.store.elasticsearch.ElasticsearchStoreConfig;
import io.sparkplane.collector.testing.ElasticsearchExtension;
import io.sparkplane.collector.testing.ElasticsearchNode;
import io.sparkplane.wire.TelemetryEvent;
import io.sparkplane.wire.TelemetryJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Elasticsearch answering the collector's bulk writes with {@code errors: true}: some items
 * rejected, the others applied. A write block is put on one kind of index at a time during sustained
 * ingest, so every bulk request of that time has items that fail with {@code
 * cluster_block_exception} next to items that succeed: first {@code index.blocks.write} on the
 * raw-events indices (the run documents are written, the events refused), then {@code
 * index.blocks.read_only_allow_delete}, what the flood-stage disk watermark sets, on the run indices
 * (the events are archived, the run documents refused). Two senders resend every non-2xx batch after
 * a pause, as listeners do. Nothing may be acknowledged that was not stored, {@code /health/ready}
 * answers 503 while a block is on (a load balancer stops sending to a replica that can only answer
 * 503) and 200 once it lifts, and after the blocks lift every run and the event archive hold exactly
 * their events.
 */
@DisplayName("Elasticsearch rejecting bulk items during sustained ingest")
@ExtendWith(ElasticsearchExtension.class)
class ElasticsearchBulkRejectionIT {

  private static final int RUNS = 30;
  private static final int HEARTBEATS = 18;
  private static final int BATCH = 20;
  private static final Duration BLOCK = Duration.ofSeconds(4);
  private static final String EVENTS_BLOCKED = "events-blocked";
  private static final String RUNS_BLOCKED = "runs-blocked";
  private static final String LIFTING = "lifting";
  private static final String WRITE = "index.blocks.write";
  /** What the flood-stage disk watermark puts on every index of a full node. */
  private static final String FLOOD_STAGE = "index.blocks.read_only_allow_delete";

  @TempDir Path dataDir;

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  @DisplayName("answers 503 with Retry-After for every request with a rejected item, is not ready while a block is on and ready once it lifts, and afterwards every run and the archive hold exactly their events")
  void rejectedItems(ElasticsearchNode node) throws Exception {
    String prefix = "reliability-rejects-" + ProcessHandle.current().pid();
    ElasticsearchStoreConfig config =
        ElasticsearchStoreConfig.defaults(URI.create(node.url()))
            .withIndexPrefix(prefix)
            .withShards(1, 0)
            .withRetentionMonths(0)
            .withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(2));
    List<List<TelemetryEvent>> batches =
        SyntheticRuns.interleaved("rej", "es-rejects", RUNS, HEARTBEATS, BATCH);
    long events = (long) RUNS * (HEARTBEATS + 2);

    try (ElasticsearchRunStore store = ElasticsearchRunStore.open(config, Clock.systemUTC());
        CollectorServer server =
            CollectorServer.builder(
                    CollectorConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(dataDir))
                .store(store)
                .build()) {
      IngestClient client = new IngestClient(server.start(), Duration.ofSeconds(30));
      ResendingSenders senders =
          new ResendingSenders(client, batches, 2, Duration.ofMillis(500), batches.size() / 3);
      Map<String, String> readiness = new LinkedHashMap<>();
      senders.awaitAcked(batches.size() / 3);
      readiness.put("before", readinessDuring(client, 1));
      block(node, prefix + "-events-*", WRITE, true);
      senders.phase(EVENTS_BLOCKED);
      senders.holdAt(2 * batches.size() / 3); // the next third goes into the block
      readiness.put(EVENTS_BLOCKED, readinessDuring(client, BLOCK.toSeconds()));
      senders.phase(LIFTING); // before the block goes: an answer seen in a blocked phase had the block on throughout
      block(node, prefix + "-events-*", WRITE, false);
      senders.phase(ResendingSenders.OPEN);
      readiness.put(EVENTS_BLOCKED + " lifted, 200 after ms", Long.toString(msUntilReady(client)));
      senders.awaitAcked(2 * batches.size() / 3);
      block(node, prefix + "-runs-*", FLOOD_STAGE, true);
      senders.phase(RUNS_BLOCKED);
      senders.holdAt(Integer.MAX_VALUE); // the last third goes into this block
      readiness.put(RUNS_BLOCKED, readinessDuring(client, BLOCK.toSeconds()));
      long liftedAt = System.nanoTime();
      senders.phase(LIFTING);
      block(node, prefix + "-runs-*", FLOOD_STAGE, false);
      senders.phase(ResendingSenders.OPEN);
      readiness.put(RUNS_BLOCKED + " lifted, 200 after ms", Long.toString(msUntilReady(client)));
      senders.finish(Duration.ofMinutes(3));
      Duration drained = Duration.ofNanos(System.nanoTime() - liftedAt);

      assertThat(readiness.get("before")).as("/health/ready before any block").isEqualTo("200");
      assertThat(readiness.get(EVENTS_BLOCKED))
          .as("/health/ready once a second while %s is on the events indices", WRITE)
          .matches("503( 503)*");
      assertThat(readiness.get(RUNS_BLOCKED))
          .as("/health/ready once a second while %s is on the run indices", FLOOD_STAGE)
          .matches("503( 503)*");
      assertThat(senders.badAnswers()).as("answers other than 2xx or 503 with Retry-After").isEmpty();
      long refusedEvents = senders.refusedSentIn(EVENTS_BLOCKED);
      long refusedRuns = senders.refusedSentIn(RUNS_BLOCKED);
      assertThat(refusedEvents).as("requests refused while the events indices were blocked").isPositive();
      assertThat(refusedRuns).as("requests refused while the run indices were blocked").isPositive();
      // a request sent and answered entirely within a block can never be 2xx: one of its items was
      // rejected. Some such requests must have been made, or "none acknowledged" proves nothing.
      assertThat(senders.refused(EVENTS_BLOCKED, EVENTS_BLOCKED))
          .as("requests sent and answered while the events indices were blocked")
          .isPositive();
      assertThat(senders.refused(RUNS_BLOCKED, RUNS_BLOCKED))
          .as("requests sent and answered while the run indices were blocked")
          .isPositive();
      assertThat(senders.acked(EVENTS_BLOCKED, EVENTS_BLOCKED) + senders.acked(RUNS_BLOCKED, RUNS_BLOCKED))
          .as("requests acknowledged although sent and answered while a block was on")
          .isZero();
      // every event is in exactly one acknowledged answer: as accepted, or (when its run document had
      // been written by a request whose event items were rejected) as a duplicate on the resend
      assertThat(senders.accepted() + senders.duplicates())
          .as("events accepted or absorbed over all 2xx answers")
          .isEqualTo(events);
      assertThat(senders.duplicates())
          .as("events whose run document was written by a partially rejected request, absorbed on the resend")
          .isPositive();
      SyntheticRuns.assertRunsExact(client, "rej", RUNS, HEARTBEATS);
      es(node, "POST", "/" + prefix + "-events-*/_refresh", null);
      long archived =
          TelemetryJson.mapper().readTree(es(node, "GET", "/" + prefix + "-events-*/_count", null)).path("count").asLong();
      assertThat(archived).as("events in the raw-event archive").isEqualTo(events);
      Reports.write(
          "elasticsearch-bulk-rejections.txt",
          String.format(
              "%d batches of %d events, 2 senders; index.blocks.write on the events indices for %d s"
                  + " (run documents written, events rejected: cluster_block_exception), then"
                  + " index.blocks.read_only_allow_delete on the run indices for %d s; %d + %d answers 503 with Retry-After, none other, none 2xx while"
                  + " blocked; /health/ready %s; block lifted to all delivered %d ms; %d runs exact, %d"
                  + " events archived (%d accepted, %d absorbed as duplicates on resends)%n",
              batches.size(), BATCH, BLOCK.toSeconds(), BLOCK.toSeconds(), refusedEvents, refusedRuns,
              readiness, drained.toMillis(), RUNS, archived, senders.accepted(), senders.duplicates()));
    }
  }

  /** Puts or lifts the block {@code setting} on every index matching {@code pattern}. */
  private void block(ElasticsearchNode node, String pattern, String setting, boolean on)
      throws IOException, InterruptedException {
    String answer = es(node, "PUT", "/" + pattern + "/_settings", "{\"" + setting + "\": " + (on ? "true" : "null") + "}");
    assertThat(answer).as("%s %s on %s", setting, on, pattern).contains("\"acknowledged\":true");
  }

  /** {@code /health/ready}'s status once a second for {@code seconds}, space-separated. */
  private static String readinessDuring(IngestClient client, long seconds) throws Exception {
    List<String> statuses = new ArrayList<>();
    for (long i = 0; i < seconds; i++) {
      statuses.add(Integer.toString(client.get("/health/ready").statusCode()));
      Thread.sleep(1_000);
    }
    return String.join(" ", statuses);
  }

  /** Milliseconds until {@code /health/ready} answers 200; fails after 10 s. */
  private static long msUntilReady(IngestClient client) throws Exception {
    long start = System.nanoTime();
    long deadline = start + Duration.ofSeconds(10).toNanos();
    while (client.get("/health/ready").statusCode() != 200) {
      assertThat(System.nanoTime()).as("/health/ready 200 within 10 s of the block lifting").isLessThan(deadline);
      Thread.sleep(50);
    }
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  private String es(ElasticsearchNode node, String method, String path, String json)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(node.url() + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new AssertionError(method + " " + path + " -> " + r.statusCode() + " " + r.body());
    }
    return r.body();
  }
}
