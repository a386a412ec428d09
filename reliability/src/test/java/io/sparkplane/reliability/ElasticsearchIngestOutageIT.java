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
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Elasticsearch stopped (SIGSTOP) for 6 s in the middle of sustained ingest into a collector on the
 * Elasticsearch store, then resumed, while two senders keep going as listeners do (a batch answered with
 * anything but 2xx is resent after a pause). The single-request checks (503, Retry-After,
 * readiness, a node shut down and restarted) are the collector's {@code ElasticsearchOutageIT};
 * this adds the stream, with requests caught mid-flight by the stop: nothing acknowledged is lost and every run ends with exactly its events.
 */
@DisplayName("Elasticsearch stopped during sustained ingest")
@ExtendWith(ElasticsearchExtension.class)
class ElasticsearchIngestOutageIT {

  private static final int RUNS = 30;
  private static final int HEARTBEATS = 18;
  private static final int BATCH = 20;
  private static final Duration OUTAGE = Duration.ofSeconds(6);

  @TempDir Path dataDir;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  @DisplayName("answers 503 while the node is down, and afterwards every run holds exactly its events")
  void stoppedMidStream(ElasticsearchNode node) throws Exception {
    ElasticsearchStoreConfig config =
        ElasticsearchStoreConfig.defaults(URI.create(node.url()))
            .withIndexPrefix("reliability-" + ProcessHandle.current().pid())
            .withShards(1, 0)
            .withRetentionMonths(0)
            .withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(1));
    long submit = System.currentTimeMillis() - 3_600_000;
    List<TelemetryEvent> stream = new ArrayList<>();
    List<List<TelemetryEvent>> runs = new ArrayList<>();
    for (int r = 0; r < RUNS; r++) {
      runs.add(SyntheticRuns.run("es-" + r, "es-outage", submit + r, HEARTBEATS, RunStatus.SUCCEEDED));
    }
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
      IngestClient client = new IngestClient(server.start(), Duration.ofSeconds(15));
      AtomicInteger next = new AtomicInteger();
      AtomicInteger ackedBatches = new AtomicInteger();
      AtomicLong accepted = new AtomicLong();
      AtomicLong duplicates = new AtomicLong();
      AtomicLong refused = new AtomicLong();
      List<String> badAnswers = java.util.Collections.synchronizedList(new ArrayList<>());
      ExecutorService senders = Executors.newFixedThreadPool(2);
      List<Future<?>> done = new ArrayList<>();
      for (int s = 0; s < 2; s++) {
        done.add(
            senders.submit(
                () -> {
                  for (int i = next.getAndIncrement(); i < batches.size(); i = next.getAndIncrement()) {
                    while (true) {
                      IngestClient.Answer a = client.send(batches.get(i));
                      if (a.acknowledged()) {
                        JsonNode body = TelemetryJson.mapper().readTree(a.body());
                        accepted.addAndGet(body.path("accepted").asLong());
                        duplicates.addAndGet(body.path("duplicates").asLong());
                        ackedBatches.incrementAndGet();
                        break;
                      }
                      refused.incrementAndGet();
                      if (a.status() != 503 || a.retryAfter().isEmpty()) {
                        badAnswers.add(a.status() + " " + a.retryAfter() + " " + a.body());
                      }
                      Thread.sleep(500);
                    }
                  }
                  return null;
                }));
      }
      while (ackedBatches.get() < batches.size() / 3) {
        Thread.sleep(5);
      }
      int readyWhileDown;
      int ackedWhileDown;
      long stoppedAt;
      node.freeze(true); // SIGSTOP: the process stops mid-request, connections stay open
      try {
        readyWhileDown = client.get("/health/ready").statusCode();
        Thread.sleep(OUTAGE.toMillis());
        ackedWhileDown = ackedBatches.get();
      } finally {
        stoppedAt = System.nanoTime();
        node.freeze(false);
      }
      for (Future<?> f : done) {
        f.get(3, TimeUnit.MINUTES);
      }
      senders.shutdown();
      Duration drained = Duration.ofNanos(System.nanoTime() - stoppedAt);

      assertThat(badAnswers).as("answers other than 2xx or 503 with Retry-After").isEmpty();
      assertThat(refused.get()).as("batches refused while the node was down").isPositive();
      assertThat(readyWhileDown).as("/health/ready while the node is down").isEqualTo(503);
      // Each event is in exactly one acknowledged answer, as accepted or, when a request the
      // collector answered 503 had reached the node before it stopped, as a duplicate of it.
      assertThat(accepted.get() + duplicates.get())
          .as("events accepted or absorbed over all 2xx answers")
          .isEqualTo(stream.size());
      for (int r = 0; r < RUNS; r++) {
        JsonNode run = client.json("/api/v1/runs/es-" + r + "?tenant=" + SyntheticRuns.TENANT);
        assertThat(run.path("eventCount").asLong()).as("eventCount of es-%d", r).isEqualTo(HEARTBEATS + 2);
        assertThat(run.path("status").asText()).isEqualTo("SUCCEEDED");
      }
      Reports.write(
          "elasticsearch-outage.txt",
          String.format(
              "%d batches of %d events, 2 senders; node stopped (SIGSTOP) after %d acknowledged, %d"
                  + " acknowledged by the end of the %d s outage; %d answers 503 with Retry-After, none other; /health/ready %d while"
                  + " down; node resumed to all delivered %d ms; %d runs exact (%d events: %d accepted, %d"
                  + " absorbed as duplicates: stored by the node although the collector had answered 503)%n",
              batches.size(), BATCH, batches.size() / 3, ackedWhileDown, OUTAGE.toSeconds(), refused.get(), readyWhileDown,
              drained.toMillis(), RUNS, stream.size(), accepted.get(), duplicates.get()));
    }
  }
}
