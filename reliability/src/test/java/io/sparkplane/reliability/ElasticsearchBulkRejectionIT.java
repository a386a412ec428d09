package io.sparkplane.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.collector.CollectorConfig;
import io.sparkplane.collector.CollectorServer;
import io.sparkplane.collector.store.elasticsearch.ElasticsearchRunStore;
import io.sparkplane.collector.store.elasticsearch.ElasticsearchStoreConfig;
import io.sparkplane.collector.testing.ElasticsearchExtension;
import io.sparkplane.collector.testing.ElasticsearchNode;
import io.sparkplane.wire.RunStatus;
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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Elasticsearch answering the collector's bulk writes with {@code errors: true}: some items
 * rejected, the others applied. A write block ({@code index.blocks.write}) is put on one kind of
 * index at a time during sustained ingest, so every bulk request of that time has items that fail
 * with {@code cluster_block_exception} next to items that succeed: first on the raw-events indices
 * (the run documents are written, the events refused), then on the run indices (the events are
 * archived, the run documents refused). Two senders resend every non-2xx batch after a pause, as
 * listeners do. Nothing may be acknowledged that was not stored, and after the blocks lift every run
 * and the event archive hold exactly their events.
 */
@DisplayName("Elasticsearch rejecting bulk items during sustained ingest")
@ExtendWith(ElasticsearchExtension.class)
class ElasticsearchBulkRejectionIT {

  private static final int RUNS = 30;
  private static final int HEARTBEATS = 18;
  private static final int BATCH = 20;
  private static final Duration BLOCK = Duration.ofSeconds(4);

  @TempDir Path dataDir;

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  @DisplayName("answers 503 with Retry-After for every request with a rejected item, and afterwards every run and the archive hold exactly their events")
  void rejectedItems(ElasticsearchNode node) throws Exception {
    String prefix = "reliability-rejects-" + ProcessHandle.current().pid();
    ElasticsearchStoreConfig config =
        ElasticsearchStoreConfig.defaults(URI.create(node.url()))
            .withIndexPrefix(prefix)
            .withShards(1, 0)
            .withRetentionMonths(0)
            .withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(2));
    long submit = System.currentTimeMillis() - 3_600_000;
    List<List<TelemetryEvent>> runs = new ArrayList<>();
    for (int r = 0; r < RUNS; r++) {
      runs.add(SyntheticRuns.run("rej-" + r, "es-rejects", submit + r, HEARTBEATS, RunStatus.SUCCEEDED));
    }
    List<TelemetryEvent> stream = new ArrayList<>();
    for (int i = 0; i < HEARTBEATS + 2; i++) {
      for (List<TelemetryEvent> run : runs) {
        stream.add(run.get(i));
      }
    }
    List<List<TelemetryEvent>> batches = new ArrayList<>();
    for (int i = 0; i < stream.size(); i += BATCH) {
      batches.add(List.copyOf(stream.subList(i, Math.min(stream.size(), i + BATCH))));
    }

    try (ElasticsearchRunStore store = ElasticsearchRunStore.open(config, Clock.systemUTC());
        CollectorServer server =
            CollectorServer.builder(
                    CollectorConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(dataDir))
                .store(store)
                .build()) {
      IngestClient client = new IngestClient(server.start(), Duration.ofSeconds(30));
      AtomicInteger next = new AtomicInteger();
      AtomicInteger ackedBatches = new AtomicInteger();
      AtomicLong accepted = new AtomicLong();
      AtomicLong duplicates = new AtomicLong();
      AtomicReference<String> phase = new AtomicReference<>("open");
      Map<String, LongAdder> refusedIn = new ConcurrentHashMap<>();
      Map<String, LongAdder> ackedIn = new ConcurrentHashMap<>();
      List<String> badAnswers = Collections.synchronizedList(new ArrayList<>());
      ExecutorService senders = Executors.newFixedThreadPool(2);
      List<Future<?>> done = new ArrayList<>();
      for (int s = 0; s < 2; s++) {
        done.add(
            senders.submit(
                () -> {
                  for (int i = next.getAndIncrement(); i < batches.size(); i = next.getAndIncrement()) {
                    while (true) {
                      String during = phase.get();
                      IngestClient.Answer a = client.send(batches.get(i));
                      if (a.acknowledged()) {
                        JsonNode body = TelemetryJson.mapper().readTree(a.body());
                        accepted.addAndGet(body.path("accepted").asLong());
                        duplicates.addAndGet(body.path("duplicates").asLong());
                        ackedBatches.incrementAndGet();
                        ackedIn.computeIfAbsent(during + ">" + phase.get(), k -> new LongAdder()).increment();
                        break;
                      }
                      refusedIn.computeIfAbsent(during, k -> new LongAdder()).increment();
                      if (a.status() != 503 || a.retryAfter().isEmpty()) {
                        badAnswers.add(a.status() + " " + a.retryAfter() + " " + a.body());
                      }
                      Thread.sleep(500);
                    }
                  }
                  return null;
                }));
      }
      Map<String, Integer> readyDuring = new ConcurrentHashMap<>();
      awaitAcked(ackedBatches, batches.size() / 3, done);
      block(node, prefix + "-events-*", true);
      phase.set("events-blocked");
      readyDuring.put("events-blocked", client.get("/health/ready").statusCode());
      Thread.sleep(BLOCK.toMillis());
      phase.set("lifting"); // before the block goes: an answer seen in a blocked phase had the block on throughout
      block(node, prefix + "-events-*", false);
      phase.set("open");
      awaitAcked(ackedBatches, 2 * batches.size() / 3, done);
      block(node, prefix + "-runs-*", true);
      phase.set("runs-blocked");
      readyDuring.put("runs-blocked", client.get("/health/ready").statusCode());
      Thread.sleep(BLOCK.toMillis());
      long liftedAt = System.nanoTime();
      phase.set("lifting");
      block(node, prefix + "-runs-*", false);
      phase.set("open");
      for (Future<?> f : done) {
        f.get(3, TimeUnit.MINUTES);
      }
      senders.shutdown();
      Duration drained = Duration.ofNanos(System.nanoTime() - liftedAt);

      assertThat(badAnswers).as("answers other than 2xx or 503 with Retry-After").isEmpty();
      long refusedEvents = count(refusedIn, "events-blocked");
      long refusedRuns = count(refusedIn, "runs-blocked");
      assertThat(refusedEvents).as("requests refused while the events indices were blocked").isPositive();
      assertThat(refusedRuns).as("requests refused while the run indices were blocked").isPositive();
      // a request sent and answered entirely within a block can never be 2xx: one of its items was rejected
      assertThat(count(ackedIn, "events-blocked>events-blocked") + count(ackedIn, "runs-blocked>runs-blocked"))
          .as("requests acknowledged although sent and answered while a block was on")
          .isZero();
      // every event is in exactly one acknowledged answer: as accepted, or (when its run document had
      // been written by a request whose event items were rejected) as a duplicate on the resend
      assertThat(accepted.get() + duplicates.get())
          .as("events accepted or absorbed over all 2xx answers")
          .isEqualTo(stream.size());
      assertThat(duplicates.get())
          .as("events whose run document was written by a partially rejected request, absorbed on the resend")
          .isPositive();
      for (int r = 0; r < RUNS; r++) {
        JsonNode run = client.json("/api/v1/runs/rej-" + r + "?tenant=" + SyntheticRuns.TENANT);
        assertThat(run.path("eventCount").asLong()).as("eventCount of rej-%d", r).isEqualTo(HEARTBEATS + 2);
        assertThat(run.path("status").asText()).isEqualTo("SUCCEEDED");
      }
      es(node, "POST", "/" + prefix + "-events-*/_refresh", null);
      long archived =
          TelemetryJson.mapper().readTree(es(node, "GET", "/" + prefix + "-events-*/_count", null)).path("count").asLong();
      assertThat(archived).as("events in the raw-event archive").isEqualTo(stream.size());
      Reports.write(
          "elasticsearch-bulk-rejections.txt",
          String.format(
              "%d batches of %d events, 2 senders; index.blocks.write on the events indices for %d s"
                  + " (run documents written, events rejected: cluster_block_exception), then on the run"
                  + " indices for %d s; %d + %d answers 503 with Retry-After, none other, none 2xx while"
                  + " blocked; /health/ready %s; block lifted to all delivered %d ms; %d runs exact, %d"
                  + " events archived (%d accepted, %d absorbed as duplicates on resends)%n",
              batches.size(), BATCH, BLOCK.toSeconds(), BLOCK.toSeconds(), refusedEvents, refusedRuns,
              readyDuring, drained.toMillis(), RUNS, archived, accepted.get(), duplicates.get()));
    }
  }

  private static long count(Map<String, LongAdder> counts, String key) {
    LongAdder n = counts.get(key);
    return n == null ? 0 : n.sum();
  }

  private static void awaitAcked(AtomicInteger acked, int target, List<Future<?>> senders) throws Exception {
    while (acked.get() < target) {
      for (Future<?> f : senders) {
        if (f.isDone()) {
          f.get(); // a sender that died says why
        }
      }
      Thread.sleep(5);
    }
  }

  /** Puts or lifts the write block on every index matching {@code pattern}. */
  private void block(ElasticsearchNode node, String pattern, boolean on) throws IOException, InterruptedException {
    String answer = es(node, "PUT", "/" + pattern + "/_settings", "{\"index.blocks.write\": " + on + "}");
    assertThat(answer).as("block %s on %s", on, pattern).contains("\"acknowledged\":true");
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
