package io.sparkplane.collector.ingest;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounds the decoded telemetry bytes held at once by requests being parsed, validated and stored, all
 * tenants together ({@link IngestLimits#maxInflightPayloadBytes()}). A body's JSON tree and bound
 * events take several times the body's size, so without a bound enough concurrent large bodies
 * (each within {@code maxPayloadBytes}) would exhaust the heap and stop ingest for every tenant.
 * Refuses at once instead of queueing: the sender retries after {@code Retry-After}. Exposes {@code
 * sparkplane_ingest_inflight_payload_bytes}.
 *
 * <pre>{@code
 * try (InflightPayloads.Claim claim = inflight.claim(body.length)) {
 *   ingest.ingest(body, format, scope);
 * }
 * }</pre>
 */
public final class InflightPayloads {

  private final int capacityBytes;
  private final Semaphore bytes;

  public InflightPayloads(int capacityBytes, MeterRegistry registry) {
    if (capacityBytes < 1) {
      throw new IllegalArgumentException("maxInflightPayloadBytes must be >= 1, was " + capacityBytes);
    }
    this.capacityBytes = capacityBytes;
    this.bytes = new Semaphore(capacityBytes);
    Gauge.builder("sparkplane.ingest.inflight.payload", this, InflightPayloads::heldBytes)
        .description("Decoded telemetry bytes held by requests being ingested (limit maxInflightPayloadBytes)")
        .baseUnit("bytes")
        .register(registry);
  }

  /**
   * Refuses a request before its body is read when nothing at all is left.
   *
   * @throws IngestException {@link RejectReason#OVERLOADED}
   */
  public void requireRoom() {
    if (bytes.availablePermits() <= 0) {
      throw overloaded();
    }
  }

  /**
   * Holds {@code size} bytes until the claim is closed. A size above the whole limit claims all of it:
   * such a body is admitted only while no other request holds bytes.
   *
   * @throws IngestException {@link RejectReason#OVERLOADED} if they do not fit now
   */
  public Claim claim(int size) {
    int permits = Math.min(Math.max(size, 1), capacityBytes);
    if (!bytes.tryAcquire(permits)) {
      throw overloaded();
    }
    return new Claim(permits);
  }

  /** Bytes currently held. */
  public int heldBytes() {
    return capacityBytes - bytes.availablePermits();
  }

  private IngestException overloaded() {
    return new IngestException(
        RejectReason.OVERLOADED,
        "the collector is ingesting maxInflightPayloadBytes (" + capacityBytes + " bytes) of telemetry"
            + " already; retry later",
        "body");
  }

  /** Bytes held for one request; closing releases them (once). */
  public final class Claim implements AutoCloseable {
    private final int permits;
    private final AtomicBoolean released = new AtomicBoolean();

    private Claim(int permits) {
      this.permits = permits;
    }

    @Override
    public void close() {
      if (released.compareAndSet(false, true)) {
        bytes.release(permits);
      }
    }
  }
}
