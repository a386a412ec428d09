package io.sparkplane.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.wire.TelemetryEvent;
import io.sparkplane.wire.TelemetryJson;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control plane is killed with SIGKILL while four senders push batches at it as fast as it
 * takes them, then started again on the same embedded store: nothing it acknowledged is missing,
 * the senders redeliver the rest (and, to prove idempotence, everything else once more), and every
 * run ends with exactly its number of events.
 */
@DisplayName("Collector killed with kill -9 during sustained ingest")
class CollectorKillIT {

  private static final int RUNS = 60;
  private static final int HEARTBEATS = 38; // 40 events per run, 2,400 in all
  private static final int BATCH = 20;
  private static final int SENDERS = 4;

  @TempDir Path dataDir;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  @DisplayName("keeps every acknowledged event, absorbs the redelivered ones, and counts each exactly once")
  void killNineThenRestart() throws Exception {
    List<List<TelemetryEvent>> batches =
        SyntheticRuns.interleaved("kill", "kill-test", RUNS, HEARTBEATS, BATCH);
    int port = ControlPlaneProcess.freePort();
    Path log = Reports.dir().resolve("collector-kill-server.log");

    // 1. Sustained ingest; SIGKILL once a third of the batches is acknowledged.
    boolean[] acked = new boolean[batches.size()];
    AtomicLong acceptedInAnswers = new AtomicLong();
    AtomicInteger ackedBatches = new AtomicInteger();
    ControlPlaneProcess first = new ControlPlaneProcess(port, dataDir, log, List.of()).start();
    IngestClient client = new IngestClient(port, Duration.ofSeconds(10));
    AtomicInteger next = new AtomicInteger();
    // The last third waits for the kill, so some batches are unacknowledged however fast the rest went.
    int holdFrom = batches.size() * 2 / 3;
    AtomicBoolean killed = new AtomicBoolean();
    ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
    List<Future<?>> done = new ArrayList<>();
    for (int s = 0; s < SENDERS; s++) {
      done.add(
          senders.submit(
              () -> {
                for (int i = next.getAndIncrement(); i < batches.size(); i = next.getAndIncrement()) {
                  while (i >= holdFrom && !killed.get()) {
                    Thread.sleep(1);
                  }
                  IngestClient.Answer a = client.send(batches.get(i));
                  if (a.acknowledged()) {
                    synchronized (acked) {
                      acked[i] = true;
                    }
                    acceptedInAnswers.addAndGet(accepted(a));
                    ackedBatches.incrementAndGet();
                  }
                }
                return null;
              }));
    }
    while (ackedBatches.get() < batches.size() / 3) {
      Thread.sleep(5);
    }
    long killedAt = System.nanoTime();
    first.killHard();
    killed.set(true);
    for (Future<?> f : done) {
      f.get(2, TimeUnit.MINUTES);
    }
    senders.shutdown();
    int ackedBeforeKill = ackedBatches.get();
    assertThat(ackedBeforeKill)
        .as("killed mid-stream: some batches acknowledged, some not")
        .isBetween(batches.size() / 3, batches.size() - 1);

    // 2. Restart on the same store: every acknowledged event is there.
    try (ControlPlaneProcess second = new ControlPlaneProcess(port, dataDir, log, List.of()).start()) {
      Duration restart = Duration.ofNanos(System.nanoTime() - killedAt);
      Map<String, Long> ackedPerRun = new TreeMap<>();
      for (int i = 0; i < batches.size(); i++) {
        if (acked[i]) {
          for (TelemetryEvent e : batches.get(i)) {
            ackedPerRun.merge(e.run().runId(), 1L, Long::sum);
          }
        }
      }
      long storedAfterRestart = 0;
      long ackedEvents = 0;
      for (int r = 0; r < RUNS; r++) {
        String runId = "kill-" + r;
        long stored = client.eventCount(SyntheticRuns.TENANT, runId);
        long ackedForRun = ackedPerRun.getOrDefault(runId, 0L);
        assertThat(stored).as("events of %s stored after the restart", runId).isGreaterThanOrEqualTo(ackedForRun);
        storedAfterRestart += stored;
        ackedEvents += ackedForRun;
      }
      assertThat(acceptedInAnswers.get()).as("events accepted in 2xx answers").isEqualTo(ackedEvents);

      // 3. The senders redeliver what was not acknowledged, then everything once more.
      long duplicates = 0;
      long redelivered = 0;
      for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < batches.size(); i++) {
          if (pass == 0 && acked[i]) {
            continue;
          }
          IngestClient.Answer a = client.send(batches.get(i));
          assertThat(a.status()).as("redelivery of batch %d: %s", i, a.body()).isEqualTo(200);
          JsonNode body = TelemetryJson.mapper().readTree(a.body());
          acceptedInAnswers.addAndGet(body.path("accepted").asLong());
          duplicates += body.path("duplicates").asLong();
          redelivered += batches.get(i).size();
        }
      }
      long total = (long) RUNS * (HEARTBEATS + 2);
      // every event was accepted exactly once: in a 2xx answer, or by a request the collector
      // committed but was killed before answering (its redelivery then finds duplicates)
      long storedWithoutAnswer = storedAfterRestart - ackedEvents;
      assertThat(acceptedInAnswers.get() + storedWithoutAnswer)
          .as("events accepted over the whole test, in answers or stored before the kill without one")
          .isEqualTo(total);
      assertThat(duplicates).as("duplicates absorbed").isEqualTo(redelivered - (total - storedAfterRestart));
      SyntheticRuns.assertRunsExact(client, "kill", RUNS, HEARTBEATS);
      Reports.write(
          "collector-kill.txt",
          String.format(
              "batches %d of %d events; acknowledged before SIGKILL: %d batches (%d events); stored after"
                  + " restart: %d events (%d stored but never acknowledged); kill to ready again: %d ms;"
                  + " redelivered %d events, duplicates absorbed %d; final eventCount exact for %d runs (%d events)%n",
              batches.size(), BATCH, ackedBeforeKill, ackedEvents, storedAfterRestart,
              storedAfterRestart - ackedEvents, restart.toMillis(), redelivered, duplicates, RUNS, total));
    }
  }

  private static long accepted(IngestClient.Answer a) {
    try {
      return TelemetryJson.mapper().readTree(a.body()).path("accepted").asLong();
    } catch (java.io.IOException e) {
      throw new AssertionError("unreadable 2xx body: " + a.body(), e);
    }
  }
}
