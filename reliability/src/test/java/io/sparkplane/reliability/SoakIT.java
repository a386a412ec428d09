package io.sparkplane.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.wire.RunStatus;
import io.sparkplane.wire.TelemetryEvent;
import io.sparkplane.wire.TelemetryJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole control plane ({@code sparkplane server}: collector, triage, retries, alerting,
 * estimator, on the embedded store) in its own JVM, under open-loop synthetic ingest at a fixed
 * rate for {@code sparkplane.soak.seconds} (120 in CI, 600 for the long variant). Every 5 s it
 * samples throughput, request latency, heap after a full GC and open file descriptors; the series
 * goes to {@code target/reliability/soak-series.csv}. No request may fail, failed runs must all be
 * triaged, and over the second half neither heap nor descriptors may trend upwards.
 */
@DisplayName("Soak: the control plane under sustained ingest")
class SoakIT {

  /** Runs per second sent; 10% of them fail, so triage and alerting have work. */
  static final int RUNS_PER_SECOND = 20;

  static final int HEARTBEATS_PER_RUN = 8;
  static final Duration TICK = Duration.ofMillis(200);
  static final Duration SAMPLE = Duration.ofSeconds(5);
  /**
   * Largest heap growth over the second half, extrapolated from its slope: H2's page cache
   * ({@code CACHE_SIZE}, at most 64 MiB by default) may still be filling in a 2-minute soak (+8 to
   * +19 MiB measured). So this catches gross leaks only: the soak sends about 120 KiB of JSON a
   * second, 7 MiB over the 2-minute soak's second half, so even a leak of every request body stays
   * under it.
   */
  static final long MAX_HEAP_GROWTH_BYTES = 64L << 20;
  /** Largest descriptor growth over the second half, extrapolated from its slope. */
  static final double MAX_FD_GROWTH = 20;

  @TempDir Path dataDir;

  @Test
  @DisplayName("holds a sustained ingest rate with no errors, every failed run triaged, and no heap or descriptor growth")
  void soak() throws Exception {
    Duration length = Duration.ofSeconds(Long.getLong("sparkplane.soak.seconds", 120));
    int port = ControlPlaneProcess.freePort();
    Path log = Reports.dir().resolve("soak-server.log");
    Files.deleteIfExists(log);
    Path series = Reports.dir().resolve("soak-series.csv");
    Files.writeString(series, "t_s,events_acked,events_per_s,p50_ms,p99_ms,max_ms,heap_after_gc_mib,open_fds,errors\n");
    try (ControlPlaneProcess server = new ControlPlaneProcess(port, dataDir, log, List.of()).start()) {
      ProcessProbe probe = new ProcessProbe(server.pid());
      IngestClient client = new IngestClient(port, Duration.ofSeconds(30));
      int runsPerTick = (int) (RUNS_PER_SECOND * TICK.toMillis() / 1000);
      long submit = System.currentTimeMillis();
      AtomicInteger runSeq = new AtomicInteger();
      AtomicLong acked = new AtomicLong();
      AtomicLong errors = new AtomicLong();
      ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
      List<String> failedRuns = java.util.Collections.synchronizedList(new ArrayList<>());
      List<String> errorSamples = java.util.Collections.synchronizedList(new ArrayList<>());
      ExecutorService senders = Executors.newFixedThreadPool(4);
      ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
      ticker.scheduleAtFixedRate(
          () -> {
            List<TelemetryEvent> batch = new ArrayList<>();
            for (int i = 0; i < runsPerTick; i++) {
              int n = runSeq.getAndIncrement();
              boolean fails = n % 10 == 7;
              String runId = "soak-" + n;
              if (fails) {
                failedRuns.add(runId);
              }
              batch.addAll(
                  SyntheticRuns.run(runId, "soak-" + (n % 5), submit + n, HEARTBEATS_PER_RUN,
                      fails ? RunStatus.FAILED : RunStatus.SUCCEEDED));
            }
            senders.submit(
                () -> {
                  long t0 = System.nanoTime();
                  IngestClient.Answer a = client.send(batch);
                  latencies.add(System.nanoTime() - t0);
                  if (a.acknowledged()) {
                    acked.addAndGet(batch.size());
                  } else {
                    errors.incrementAndGet();
                    if (errorSamples.size() < 5) {
                      errorSamples.add(a.status() + " " + a.body());
                    }
                  }
                  return null;
                });
          },
          0,
          TICK.toMillis(),
          TimeUnit.MILLISECONDS);

      long start = System.nanoTime();
      List<Double> t = new ArrayList<>();
      List<Double> heap = new ArrayList<>();
      List<Double> fds = new ArrayList<>();
      List<Long> all = new ArrayList<>();
      long lastAcked = 0;
      double lastTs = 0;
      while (System.nanoTime() - start < length.toNanos()) {
        Thread.sleep(SAMPLE.toMillis());
        double ts = (System.nanoTime() - start) / 1e9;
        long[] window = drain(latencies);
        for (long l : window) {
          all.add(l);
        }
        long nowAcked = acked.get();
        long h = probe.heapAfterGc();
        long f = probe.openFileDescriptors();
        t.add(ts);
        heap.add((double) h);
        fds.add((double) f);
        Reports.append(
            "soak-series.csv",
            String.format(Locale.ROOT, "%.1f,%d,%.1f,%.1f,%.1f,%.1f,%.1f,%d,%d%n",
                ts, nowAcked, (nowAcked - lastAcked) / (ts - lastTs),
                ms(percentile(window, 0.50)), ms(percentile(window, 0.99)), ms(percentile(window, 1.0)),
                h / 1048576.0, f, errors.get()));
        lastAcked = nowAcked;
        lastTs = ts;
      }
      ticker.shutdown();
      ticker.awaitTermination(10, TimeUnit.SECONDS);
      senders.shutdown();
      assertThat(senders.awaitTermination(2, TimeUnit.MINUTES)).as("senders drained").isTrue();
      double seconds = (System.nanoTime() - start) / 1e9;
      for (long l : drain(latencies)) {
        all.add(l);
      }
      long[] lat = all.stream().mapToLong(Long::longValue).toArray();
      long sentEvents = (long) runSeq.get() * (HEARTBEATS_PER_RUN + 2);

      // The load must have been offered, or no error and no growth prove nothing.
      assertThat(runSeq.get())
          .as("runs offered in %d s at %d runs/s", length.toSeconds(), RUNS_PER_SECOND)
          .isGreaterThanOrEqualTo((int) (0.9 * RUNS_PER_SECOND * length.toSeconds()));
      assertThat(errors.get()).as("failed requests, e.g. %s", errorSamples).isZero();
      assertThat(acked.get()).as("events acknowledged").isEqualTo(sentEvents);

      // Triage kept up: every failed run carries its verdict (allowing 30 s to catch up).
      long triaged = awaitTriaged(client, failedRuns, Duration.ofSeconds(30));

      int half = t.size() / 2;
      double heapSlope = Trend.slopePerSecond(t.subList(half, t.size()), heap.subList(half, heap.size()));
      double fdSlope = Trend.slopePerSecond(t.subList(half, t.size()), fds.subList(half, fds.size()));
      double halfSeconds = t.get(t.size() - 1) - t.get(half);
      Reports.write(
          "soak.txt",
          String.format(Locale.ROOT,
              "%.0f s at %d runs/s (%d events/s offered, open loop, 10%% failed runs): %d runs, %d events,"
                  + " %.1f events/s acknowledged, 0 errors; request latency p50 %.1f ms, p95 %.1f ms, p99 %.1f"
                  + " ms, max %.1f ms (%d requests of %d events); failed runs triaged %d of %d; heap after GC"
                  + " %.1f..%.1f MiB, slope over the second half %+.1f KiB/s; open fds %.0f..%.0f, slope %+.3f/s%n",
              seconds, RUNS_PER_SECOND, RUNS_PER_SECOND * (HEARTBEATS_PER_RUN + 2), runSeq.get(), sentEvents,
              acked.get() / seconds, ms(percentile(lat, 0.50)), ms(percentile(lat, 0.95)),
              ms(percentile(lat, 0.99)), ms(percentile(lat, 1.0)), lat.length,
              runsPerTick * (HEARTBEATS_PER_RUN + 2), triaged, failedRuns.size(),
              heap.stream().mapToDouble(Double::doubleValue).min().orElseThrow() / 1048576,
              heap.stream().mapToDouble(Double::doubleValue).max().orElseThrow() / 1048576,
              heapSlope / 1024, fds.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
              fds.stream().mapToDouble(Double::doubleValue).max().orElseThrow(), fdSlope));
      assertThat(triaged).as("failed runs triaged").isEqualTo(failedRuns.size());
      assertThat(heapSlope * halfSeconds)
          .as("heap growth over the second half, from its slope (bytes)")
          .isLessThan((double) MAX_HEAP_GROWTH_BYTES);
      assertThat(fdSlope * halfSeconds)
          .as("open descriptor growth over the second half, from its slope")
          .isLessThan(MAX_FD_GROWTH);
    }
  }

  private static long awaitTriaged(IngestClient client, List<String> runs, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String> pending = new ArrayList<>(runs);
    while (!pending.isEmpty() && System.nanoTime() < deadline) {
      List<String> still = new ArrayList<>();
      for (String runId : pending) {
        JsonNode run = client.json("/api/v1/runs/" + runId + "?tenant=" + SyntheticRuns.TENANT);
        if (run.path("attachments").path("triage").isMissingNode()) {
          still.add(runId);
        }
      }
      pending = still;
      if (!pending.isEmpty()) {
        Thread.sleep(1_000);
      }
    }
    return runs.size() - pending.size();
  }

  private static long[] drain(ConcurrentLinkedQueue<Long> q) {
    List<Long> out = new ArrayList<>();
    for (Long v = q.poll(); v != null; v = q.poll()) {
      out.add(v);
    }
    return out.stream().mapToLong(Long::longValue).toArray();
  }

  private static long percentile(long[] values, double p) {
    if (values.length == 0) {
      return 0;
    }
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int i = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  static {
    TelemetryJson.mapper(); // load the mapper before the clock starts
  }
}
