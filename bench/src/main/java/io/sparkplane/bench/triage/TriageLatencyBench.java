package io.sparkplane.bench.triage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sparkplane.collector.store.StoredRun;
import io.sparkplane.collector.store.h2.H2RunStore;
import io.sparkplane.triage.RunClassifier;
import io.sparkplane.triage.TriageService;
import io.sparkplane.triage.TriageSettings;
import io.sparkplane.wire.Heartbeat;
import io.sparkplane.wire.RunIdentity;
import io.sparkplane.wire.TelemetryEvent;
import io.sparkplane.wire.TelemetryJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Latency of triaging one run after its summary is stored: classification plus writing the verdict
 * as an attachment to the embedded (H2) store, the work {@code TriageExtension.runFinished} does.
 * Runs over the labelled corpus; goal p99 ≤ 50 ms.
 *
 * <p>With {@code ingestWriters > 0}, that many threads keep appending finished runs (corpus
 * summaries under new run ids) to the same store during the timed passes, as ingest does while
 * the collector triages: verdict writes then compete with appends for the store's write path.
 *
 * <pre>
 * java -cp ... io.sparkplane.bench.triage.TriageLatencyBench [corpusDir] [passes] [ingestWriters]
 * </pre>
 */
public final class TriageLatencyBench {

  public static final double GOAL_P99_MS = 50;

  private TriageLatencyBench() {}

  public static void main(String[] args) throws Exception {
    Path corpusDir = Path.of(args.length > 0 ? args[0] : "auto-triage/src/test/resources/corpus");
    int passes = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int ingestWriters = args.length > 2 ? Integer.parseInt(args[2]) : 0;
    List<StoredRun> corpus = load(corpusDir);
    Path data = Files.createTempDirectory("triage-bench");
    try (H2RunStore store = H2RunStore.open(data, Clock.systemUTC())) {
      for (StoredRun run : corpus) {
        store.append(List.of(event(run)));
      }
      List<StoredRun> stored = new ArrayList<>();
      for (StoredRun run : corpus) {
        stored.add(store.findRun(run.tenant(), run.runId()).orElseThrow());
      }
      // The stored copies of LOST cases are RUNNING (no lost-run detection here): triage the corpus copies
      TriageService triage =
          new TriageService(new RunClassifier(TriageSettings.defaults(), Clock.systemUTC()), store, new SimpleMeterRegistry());
      for (int i = 0; i < 3; i++) {
        for (StoredRun run : corpus) {
          triage.triage(run);
        }
      }
      BackgroundIngest ingest = BackgroundIngest.start(store, corpus, ingestWriters);
      long[] nanos = new long[passes * corpus.size()];
      long[] classifyNanos = new long[nanos.length];
      RunClassifier classifier = new RunClassifier(TriageSettings.defaults(), Clock.systemUTC());
      int n = 0;
      for (int p = 0; p < passes; p++) {
        for (StoredRun run : corpus) {
          long t0 = System.nanoTime();
          classifier.classify(run);
          long t1 = System.nanoTime();
          triage.triage(run);
          long t2 = System.nanoTime();
          classifyNanos[n] = t1 - t0;
          nanos[n++] = t2 - t1;
        }
      }
      long appended = ingest.stop();
      if (ingestWriters > 0) {
        System.out.printf("background ingest: %d writers appended %d runs during the timed passes%n", ingestWriters, appended);
      }
      report("classify only", classifyNanos);
      report("classify + store verdict (H2)", nanos);
      double p99 = percentile(nanos, 0.99) / 1e6;
      System.out.printf("runs=%d passes=%d samples=%d goal p99<=%.0f ms: %s%n", corpus.size(), passes, nanos.length, GOAL_P99_MS,
          p99 <= GOAL_P99_MS ? "MET" : "MISSED");
    }
  }

  /** Threads appending finished runs until stopped. */
  private static final class BackgroundIngest {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong appended = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();

    static BackgroundIngest start(H2RunStore store, List<StoredRun> corpus, int writers) {
      BackgroundIngest ingest = new BackgroundIngest();
      List<StoredRun> finished = corpus.stream().filter(r -> r.summary() != null).toList();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        Thread t =
            new Thread(
                () -> {
                  for (int n = 0; ingest.running.get(); n++) {
                    StoredRun run = finished.get(n % finished.size());
                    RunIdentity id = run.identity();
                    RunIdentity copy =
                        new RunIdentity("load-" + writer + "-" + n, id.tenant(), id.region(), id.workload(), id.attempt(),
                            id.appId(), id.appName(), id.slaDeadlineMs());
                    store.append(List.of(TelemetryEvent.finished(copy, run.summary().timing().endTimeMs(), run.summary())));
                    ingest.appended.incrementAndGet();
                  }
                },
                "bench-ingest-" + w);
        t.setDaemon(true);
        t.start();
        ingest.threads.add(t);
      }
      return ingest;
    }

    long stop() throws InterruptedException {
      running.set(false);
      for (Thread t : threads) {
        t.join();
      }
      return appended.get();
    }
  }

  static List<StoredRun> load(Path dir) throws Exception {
    ObjectMapper json = TelemetryJson.mapper();
    List<StoredRun> runs = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        JsonNode c = json.readTree(f.toFile());
        runs.add(json.treeToValue(c.get("run"), StoredRun.class));
      }
    }
    if (runs.isEmpty()) {
      throw new IllegalArgumentException("no corpus cases in " + dir.toAbsolutePath());
    }
    return runs;
  }

  static TelemetryEvent event(StoredRun run) {
    if (run.summary() != null) {
      return TelemetryEvent.finished(run.identity(), run.summary().timing().endTimeMs(), run.summary());
    }
    Heartbeat hb = run.lastHeartbeat();
    return TelemetryEvent.heartbeat(run.identity(), run.lastHeartbeatMs() == null ? run.submitTimeMs() : run.lastHeartbeatMs(), hb);
  }

  static void report(String what, long[] nanos) {
    System.out.printf("%-32s p50=%.3f ms p99=%.3f ms max=%.3f ms%n", what, percentile(nanos, 0.5) / 1e6, percentile(nanos, 0.99) / 1e6,
        percentile(nanos, 1.0) / 1e6);
  }

  static double percentile(long[] values, double q) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int idx = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
  }
}
