package io.sparkplane.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.wire.TelemetryEvent;
import io.sparkplane.wire.TelemetryJson;
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

/**
 * Senders that push a stream of batches as listeners do: each batch until it is acknowledged, with
 * a pause after every other answer. They count what the 2xx bodies say, and every answer by the
 * fault's phase when its request was sent and when it was answered ({@code "sent>answered"}), so a
 * test can tell requests that lived wholly inside a fault from those that straddled its edges.
 */
final class ResendingSenders {

  static final String OPEN = "open";

  private final IngestClient client;
  private final List<List<TelemetryEvent>> batches;
  private final Duration pause;
  private final AtomicInteger next = new AtomicInteger();
  /** Senders take no batch at or beyond this index until it moves: a fault starts between batches. */
  private final AtomicInteger holdAt;
  private final AtomicInteger ackedBatches = new AtomicInteger();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicReference<String> phase = new AtomicReference<>(OPEN);
  private final Map<String, LongAdder> refused = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> acked = new ConcurrentHashMap<>();
  private final List<String> badAnswers = Collections.synchronizedList(new ArrayList<>());
  private final ExecutorService pool;
  private final List<Future<?>> senders = new ArrayList<>();

  /** Starts {@code threads} senders at once. */
  ResendingSenders(IngestClient client, List<List<TelemetryEvent>> batches, int threads, Duration pause) {
    this(client, batches, threads, pause, Integer.MAX_VALUE);
  }

  /**
   * Starts {@code threads} senders that hold before batch {@code holdAt} until {@link #holdAt} moves
   * the gate: a test puts its fault on while they wait, so the batches after the gate are sent into
   * the fault however fast the collector took the ones before it.
   */
  ResendingSenders(
      IngestClient client, List<List<TelemetryEvent>> batches, int threads, Duration pause, int holdAt) {
    this.holdAt = new AtomicInteger(holdAt);
    this.client = client;
    this.batches = batches;
    this.pause = pause;
    this.pool = Executors.newFixedThreadPool(threads);
    for (int s = 0; s < threads; s++) {
      senders.add(pool.submit(this::sendAll));
    }
  }

  private Void sendAll() throws Exception {
    for (int i = next.getAndIncrement(); i < batches.size(); i = next.getAndIncrement()) {
      while (i >= holdAt.get()) {
        Thread.sleep(5);
      }
      while (true) {
        String sentIn = phase.get();
        IngestClient.Answer a = client.send(batches.get(i));
        String key = sentIn + ">" + phase.get();
        if (a.acknowledged()) {
          JsonNode body = TelemetryJson.mapper().readTree(a.body());
          accepted.addAndGet(body.path("accepted").asLong());
          duplicates.addAndGet(body.path("duplicates").asLong());
          acked.computeIfAbsent(key, k -> new LongAdder()).increment();
          ackedBatches.incrementAndGet();
          break;
        }
        refused.computeIfAbsent(key, k -> new LongAdder()).increment();
        if (a.status() != 503 || a.retryAfter().isEmpty()) {
          badAnswers.add(a.status() + " " + a.retryAfter() + " " + a.body());
        }
        Thread.sleep(pause.toMillis());
      }
    }
    return null;
  }

  /** Moves the gate: batches before {@code index} may go ({@link Integer#MAX_VALUE}: all). */
  void holdAt(int index) {
    holdAt.set(index);
  }

  /** Names the fault's current phase; {@link #OPEN} when there is none. */
  void phase(String name) {
    phase.set(name);
  }

  /** Waits until {@code n} batches are acknowledged; a sender that died says why. */
  void awaitAcked(int n) throws Exception {
    while (ackedBatches.get() < n) {
      for (Future<?> f : senders) {
        if (f.isDone()) {
          f.get();
        }
      }
      Thread.sleep(5);
    }
  }

  /** Waits until every batch is acknowledged. */
  void finish(Duration timeout) throws Exception {
    for (Future<?> f : senders) {
      f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
    pool.shutdown();
  }

  int ackedBatches() {
    return ackedBatches.get();
  }

  /** Events counted as accepted in 2xx answers. */
  long accepted() {
    return accepted.get();
  }

  /** Events counted as duplicates in 2xx answers. */
  long duplicates() {
    return duplicates.get();
  }

  /** Answers other than 2xx or 503 with Retry-After. */
  List<String> badAnswers() {
    return List.copyOf(badAnswers);
  }

  /** Non-2xx answers to requests sent in {@code sentIn} and answered in {@code answeredIn}. */
  long refused(String sentIn, String answeredIn) {
    return count(refused, sentIn + ">" + answeredIn);
  }

  /** Non-2xx answers to requests sent in {@code sentIn}, whenever answered. */
  long refusedSentIn(String sentIn) {
    return refused.entrySet().stream()
        .filter(e -> e.getKey().startsWith(sentIn + ">"))
        .mapToLong(e -> e.getValue().sum())
        .sum();
  }

  /** All non-2xx answers. */
  long refused() {
    return refused.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** 2xx answers to requests sent in {@code sentIn} and answered in {@code answeredIn}. */
  long acked(String sentIn, String answeredIn) {
    return count(acked, sentIn + ">" + answeredIn);
  }

  private static long count(Map<String, LongAdder> counts, String key) {
    LongAdder n = counts.get(key);
    return n == null ? 0 : n.sum();
  }
}
