package io.sparkplane.bench.ingest;

import io.sparkplane.wire.TelemetryEvent;
import io.sparkplane.wire.TelemetryJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * Posts pre-built, gzipped bodies to {@code POST /api/v1/telemetry} from {@code senders} keep-alive
 * clients, as fast as the collector acknowledges them. A unit of work is one run as its listener
 * sends it (each event its own request, in order: start, heartbeat, finish) or, in batch mode,
 * several runs' events in one request. A 503 is retried after 50 ms (the bench measures the
 * collector, not the back-off); a request's latency is from its first attempt to its 200.
 */
final class IngestLoad {

  /** Thread name prefix of the load generator's threads, whose CPU time is reported. */
  static final String THREAD_PREFIX = "bench-load-";

  private static final Pattern ACCEPTED = Pattern.compile("\"accepted\"\\s*:\\s*(\\d+)");
  private static final Duration RUN_LIMIT = Duration.ofMinutes(10);

  private IngestLoad() {}

  /** Units of work for runs {@code from}..{@code from + count - 1}: a list of request bodies each. */
  static List<List<byte[]>> units(RealisticRuns runs, int from, int count, int runsPerBatch, boolean listener) {
    List<List<byte[]>> units = new ArrayList<>();
    if (listener) {
      for (int n = from; n < from + count; n++) {
        units.add(runs.run(n).stream().map(e -> gzip(TelemetryJson.toBytes(List.of(e)))).toList());
      }
      return units;
    }
    for (int start = from; start < from + count; start += runsPerBatch) {
      List<TelemetryEvent> events = new ArrayList<>();
      for (int n = start; n < Math.min(from + count, start + runsPerBatch); n++) {
        events.addAll(runs.run(n));
      }
      units.add(List.of(gzip(TelemetryJson.toBytes(events))));
    }
    return units;
  }

  static IngestResult post(URI collector, List<List<byte[]>> units, int runs, int senders, String client)
      throws Exception {
    AtomicInteger threads = new AtomicInteger();
    IngestClient http = IngestClient.named(client, senders);
    URI endpoint = collector.resolve("/api/v1/telemetry");
    int requests = units.stream().mapToInt(List::size).sum();
    long[] latenciesNs = new long[requests];
    AtomicInteger nextUnit = new AtomicInteger();
    AtomicInteger nextLatency = new AtomicInteger();
    AtomicLong accepted = new AtomicLong();
    AtomicLong unavailable = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    long deadline = System.nanoTime() + RUN_LIMIT.toNanos();
    ExecutorService pool =
        Executors.newFixedThreadPool(senders, r -> new Thread(r, THREAD_PREFIX + "sender-" + threads.incrementAndGet()));
    CpuClock cpu = new CpuClock();
    long started = System.nanoTime();
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int s = 0; s < senders; s++) {
        workers.add(
            pool.submit(
                () -> {
                  for (int u = nextUnit.getAndIncrement(); u < units.size(); u = nextUnit.getAndIncrement()) {
                    for (byte[] body : units.get(u)) {
                      if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("bench exceeded " + RUN_LIMIT);
                      }
                      long t0 = System.nanoTime();
                      IngestClient.Response response = http.post(endpoint, body);
                      while (response.status() == 503 && System.nanoTime() < deadline) {
                        unavailable.incrementAndGet();
                        Thread.sleep(50);
                        response = http.post(endpoint, body);
                      }
                      if (response.status() != 200) {
                        throw new IllegalStateException("HTTP " + response.status() + ": " + response.body());
                      }
                      latenciesNs[nextLatency.getAndIncrement()] = System.nanoTime() - t0;
                      bytes.addAndGet(body.length);
                      Matcher m = ACCEPTED.matcher(response.body());
                      if (m.find()) {
                        accepted.addAndGet(Long.parseLong(m.group(1)));
                      }
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> worker : workers) {
        worker.get();
      }
      long elapsedNs = System.nanoTime() - started;
      CpuClock.Reading used = cpu.read();
      long[] sorted = latenciesNs.clone();
      Arrays.sort(sorted);
      return new IngestResult(
          runs, requests, elapsedNs, percentile(sorted, 0.50), percentile(sorted, 0.95), percentile(sorted, 0.99),
          sorted[sorted.length - 1], accepted.get(), unavailable.get(), bytes.get() / Math.max(1, runs),
          used.processNs(), used.loadNs());
    } finally {
      pool.shutdownNow();
      http.close();
    }
  }

  private static long percentile(long[] sorted, double q) {
    int index = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static byte[] gzip(byte[] plain) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length / 4);
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(plain);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * CPU used since construction by this process and by the load generator's threads (its senders,
   * its HTTP client's executor and selector). Elasticsearch, when the harness starts it, is another
   * process and not counted.
   */
  private static final class CpuClock {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final long process0 = processCpuNs();
    private final long load0 = loadCpuNs();

    record Reading(long processNs, long loadNs) {}

    Reading read() {
      return new Reading(processCpuNs() - process0, loadCpuNs() - load0);
    }

    private long loadCpuNs() {
      long sum = 0;
      for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
        if (info != null
            && (info.getThreadName().startsWith(THREAD_PREFIX) || info.getThreadName().startsWith("HttpClient-"))) {
          sum += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
        }
      }
      return sum;
    }

    private static long processCpuNs() {
      return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
          .getProcessCpuTime();
    }
  }
}
