package io.sparkplane.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkplane.collector.CollectorConfig;
import io.sparkplane.collector.CollectorServer;
import io.sparkplane.collector.store.elasticsearch.ElasticsearchRunStore;
import io.sparkplane.collector.store.elasticsearch.ElasticsearchStoreConfig;
import io.sparkplane.collector.testing.ElasticsearchExtension;
import io.sparkplane.collector.testing.ElasticsearchNode;
import io.sparkplane.wire.TelemetryEvent;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
    List<List<TelemetryEvent>> batches =
        SyntheticRuns.interleaved("es", "es-outage", RUNS, HEARTBEATS, BATCH);
    long events = (long) RUNS * (HEARTBEATS + 2);

    try (ElasticsearchRunStore store = ElasticsearchRunStore.open(config, Clock.systemUTC());
        CollectorServer server =
            CollectorServer.builder(
                    CollectorConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(dataDir))
                .store(store)
                .build()) {
      IngestClient client = new IngestClient(server.start(), Duration.ofSeconds(15));
      ResendingSenders senders =
          new ResendingSenders(client, batches, 2, Duration.ofMillis(500), batches.size() / 3);
      senders.awaitAcked(batches.size() / 3);
      int readyWhileDown;
      int ackedWhileDown;
      long stoppedAt;
      node.freeze(true); // SIGSTOP: the process stops mid-request, connections stay open
      senders.holdAt(Integer.MAX_VALUE); // the other two thirds go into the outage
      try {
        readyWhileDown = client.get("/health/ready").statusCode();
        Thread.sleep(OUTAGE.toMillis());
        ackedWhileDown = senders.ackedBatches();
      } finally {
        stoppedAt = System.nanoTime();
        node.freeze(false);
      }
      senders.finish(Duration.ofMinutes(3));
      Duration drained = Duration.ofNanos(System.nanoTime() - stoppedAt);

      assertThat(senders.badAnswers()).as("answers other than 2xx or 503 with Retry-After").isEmpty();
      assertThat(senders.refused()).as("batches refused while the node was down").isPositive();
      assertThat(readyWhileDown).as("/health/ready while the node is down").isEqualTo(503);
      // Each event is in exactly one acknowledged answer, as accepted or, when a request the
      // collector answered 503 had reached the node before it stopped, as a duplicate of it.
      assertThat(senders.accepted() + senders.duplicates())
          .as("events accepted or absorbed over all 2xx answers")
          .isEqualTo(events);
      SyntheticRuns.assertRunsExact(client, "es", RUNS, HEARTBEATS);
      Reports.write(
          "elasticsearch-outage.txt",
          String.format(
              "%d batches of %d events, 2 senders; node stopped (SIGSTOP) after %d acknowledged, %d"
                  + " acknowledged by the end of the %d s outage; %d answers 503 with Retry-After, none other; /health/ready %d while"
                  + " down; node resumed to all delivered %d ms; %d runs exact (%d events: %d accepted, %d"
                  + " absorbed as duplicates: stored by the node although the collector had answered 503)%n",
              batches.size(), BATCH, batches.size() / 3, ackedWhileDown, OUTAGE.toSeconds(), senders.refused(),
              readyWhileDown, drained.toMillis(), RUNS, events, senders.accepted(), senders.duplicates()));
    }
  }
}
