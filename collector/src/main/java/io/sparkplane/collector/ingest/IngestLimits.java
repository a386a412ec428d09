package io.sparkplane.collector.ingest;

/**
 * Limits on what one ingest request may contain and how fast one tenant may send. The body-size and
 * decompressed-size limit is {@code maxPayloadBytes} of the collector config, enforced by {@link
 * PayloadDecoder}.
 *
 * <pre>{@code
 * IngestLimits limits = IngestLimits.defaults().withTenantRate(5_000, 50_000);
 * }</pre>
 *
 * @param maxJsonDepth deepest nesting of JSON objects and arrays in a body; deeper is refused with
 *     400 {@code limit_exceeded} while parsing, before any tree is built. Default {@value
 *     #DEFAULT_MAX_JSON_DEPTH}; a run summary nests about 6 deep
 * @param maxFieldsPerEvent most object fields plus array elements in one event; more is refused with
 *     400 {@code limit_exceeded}. Default {@value #DEFAULT_MAX_FIELDS_PER_EVENT}: a summary has
 *     about 56 per stage (6,000 at the listener's default of 100 stages), so even {@code
 *     spark.sparkplane.stages.max} in the thousands fits, while a 4 MiB body of tiny values cannot
 *     build millions of tree nodes
 * @param tenantEventsPerSecond sustained events per second one tenant token may send (token bucket
 *     refill); default {@value #DEFAULT_TENANT_EVENTS_PER_SECOND}
 * @param tenantBurstEvents events one tenant token may send at once above the sustained rate (bucket
 *     capacity); default {@value #DEFAULT_TENANT_BURST_EVENTS}
 * @param maxInflightPayloadBytes most decoded telemetry bytes that requests being parsed, validated
 *     and stored may hold at once, all tenants together ({@link InflightPayloads}); a request that
 *     would pass it gets 503 {@code overloaded} with {@code Retry-After}, so concurrent large bodies
 *     (a body's JSON tree takes several times its size) cannot exhaust the heap. Default {@value
 *     #DEFAULT_MAX_INFLIGHT_PAYLOAD_BYTES} (32 MiB: eight bodies of the largest default size, or
 *     thousands of ordinary run summaries). A body larger than this limit is
 *     admitted only while no other request holds bytes
 */
public record IngestLimits(
    int maxJsonDepth,
    int maxFieldsPerEvent,
    long tenantEventsPerSecond,
    long tenantBurstEvents,
    int maxInflightPayloadBytes) {

  public static final int DEFAULT_MAX_JSON_DEPTH = 32;
  public static final int DEFAULT_MAX_FIELDS_PER_EVENT = 200_000;
  public static final long DEFAULT_TENANT_EVENTS_PER_SECOND = 1_000;
  public static final long DEFAULT_TENANT_BURST_EVENTS = 10_000;
  public static final int DEFAULT_MAX_INFLIGHT_PAYLOAD_BYTES = 32 * 1024 * 1024;

  public IngestLimits {
    requireAtLeast(1, maxJsonDepth, "maxJsonDepth");
    requireAtLeast(1, maxFieldsPerEvent, "maxFieldsPerEvent");
    requireAtLeast(1, tenantEventsPerSecond, "tenantEventsPerSecond");
    requireAtLeast(1, tenantBurstEvents, "tenantBurstEvents");
    requireAtLeast(1, maxInflightPayloadBytes, "maxInflightPayloadBytes");
  }

  public static IngestLimits defaults() {
    return new IngestLimits(
        DEFAULT_MAX_JSON_DEPTH,
        DEFAULT_MAX_FIELDS_PER_EVENT,
        DEFAULT_TENANT_EVENTS_PER_SECOND,
        DEFAULT_TENANT_BURST_EVENTS,
        DEFAULT_MAX_INFLIGHT_PAYLOAD_BYTES);
  }

  public IngestLimits withMaxJsonDepth(int depth) {
    return new IngestLimits(
        depth, maxFieldsPerEvent, tenantEventsPerSecond, tenantBurstEvents, maxInflightPayloadBytes);
  }

  public IngestLimits withMaxFieldsPerEvent(int fields) {
    return new IngestLimits(
        maxJsonDepth, fields, tenantEventsPerSecond, tenantBurstEvents, maxInflightPayloadBytes);
  }

  public IngestLimits withTenantRate(long eventsPerSecond, long burstEvents) {
    return new IngestLimits(
        maxJsonDepth, maxFieldsPerEvent, eventsPerSecond, burstEvents, maxInflightPayloadBytes);
  }

  public IngestLimits withMaxInflightPayloadBytes(int bytes) {
    return new IngestLimits(maxJsonDepth, maxFieldsPerEvent, tenantEventsPerSecond, tenantBurstEvents, bytes);
  }

  private static void requireAtLeast(long min, long value, String field) {
    if (value < min) {
      throw new IllegalArgumentException(field + " must be >= " + min + ", was " + value);
    }
  }
}
