package io.sparkplane.bench.ingest;

import io.sparkplane.wire.TelemetryEvent;
import io.sparkplane.wire.TelemetryJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * Posts pre-built, gzipped batches to {@code POST /api/v1/telemetry} from {@code senders} threads,
 * as fast as the collector acknowledges them; a 503 is retried after its Retry-After would have been
 * waited (shortened to 50 ms: the bench measures the store, not the back-off), and the latency of a
 * batch is from its first attempt to its 200.
 */
final class IngestLoad {

  private static final Pattern ACCEPTED = Pattern.compile("\"accepted\"\\s*:\\s*(\\d+)");
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration RUN_LIMIT = Duration.ofMinutes(10);

  private IngestLoad() {}

  /** Gzipped JSON array bodies, {@code runsPerBatch} runs each. */
  static List<byte[]> batches(RealisticRuns runs, int from, int count, int runsPerBatch) {
    List<byte[]> bodies = new ArrayList<>();
    for (int start = from; start < from + count; start += runsPerBatch) {
      List<TelemetryEvent> events = new ArrayList<>();
      for (int n = start; n < Math.min(from + count, start + runsPerBatch); n++) {
        events.addAll(runs.run(n));
      }
      bodies.add(gzip(TelemetryJson.toBytes(events)));
    }
    return bodies;
  }

  static IngestResult post(URI collector, List<byte[]> bodies, int runsPerBatch, int senders) throws Exception {
    HttpClient http =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
    URI endpoint = collector.resolve("/api/v1/telemetry");
    long[] latenciesNs = new long[bodies.size()];
    AtomicInteger next = new AtomicInteger();
    AtomicLong accepted = new AtomicLong();
    AtomicLong unavailable = new AtomicLong();
    long deadline = System.nanoTime() + RUN_LIMIT.toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(senders);
    long started = System.nanoTime();
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int s = 0; s < senders; s++) {
        workers.add(
            pool.submit(
                () -> {
                  for (int i = next.getAndIncrement(); i < bodies.size(); i = next.getAndIncrement()) {
                    if (System.nanoTime() > deadline) {
                      throw new IllegalStateException("bench exceeded " + RUN_LIMIT);
                    }
                    long t0 = System.nanoTime();
                    HttpResponse<String> response = send(http, endpoint, bodies.get(i));
                    while (response.statusCode() == 503 && System.nanoTime() < deadline) {
                      unavailable.incrementAndGet();
                      Thread.sleep(50);
                      response = send(http, endpoint, bodies.get(i));
                    }
                    if (response.statusCode() != 200) {
                      throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
                    }
                    latenciesNs[i] = System.nanoTime() - t0;
                    Matcher m = ACCEPTED.matcher(response.body());
                    if (m.find()) {
                      accepted.addAndGet(Long.parseLong(m.group(1)));
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> worker : workers) {
        worker.get();
      }
    } finally {
      pool.shutdownNow();
    }
    long elapsedNs = System.nanoTime() - started;
    long[] sorted = latenciesNs.clone();
    Arrays.sort(sorted);
    long bytes = bodies.stream().mapToLong(b -> b.length).sum();
    int runs = bodies.size() * runsPerBatch;
    return new IngestResult(
        runs, bodies.size(), elapsedNs, percentile(sorted, 0.50), percentile(sorted, 0.99),
        sorted[sorted.length - 1], accepted.get(), unavailable.get(), bytes / Math.max(1, runs));
  }

  private static HttpResponse<String> send(HttpClient http, URI endpoint, byte[] body)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(endpoint)
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/json")
            .header("Content-Encoding", "gzip")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
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
}
