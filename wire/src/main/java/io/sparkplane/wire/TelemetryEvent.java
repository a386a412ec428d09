package io.sparkplane.wire;

import java.util.Objects;
import java.util.UUID;

/**
 * The envelope of everything a listener sends. Exactly one body is present, the one {@code type}
 * names. {@code eventId} makes ingest idempotent: the collector stores each id once.
 */
public record TelemetryEvent(
    int schemaVersion,
    String eventId,
    EventType type,
    long timeMs,
    RunIdentity run,
    RunStarted started,
    Heartbeat heartbeat,
    RunSummary summary) {

  /** The version of the wire format this code writes. */
  public static final int SCHEMA_VERSION = 1;

  public TelemetryEvent {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(run, "run");
    boolean bodyMatches =
        switch (type) {
          case RUN_STARTED -> started != null && heartbeat == null && summary == null;
          case HEARTBEAT -> heartbeat != null && started == null && summary == null;
          case RUN_FINISHED -> summary != null && started == null && heartbeat == null;
        };
    if (!bodyMatches) {
      throw new IllegalArgumentException("event of type " + type + " must carry exactly its body");
    }
  }

  public static TelemetryEvent started(RunIdentity run, long timeMs, RunStarted body) {
    return new TelemetryEvent(SCHEMA_VERSION, newId(), EventType.RUN_STARTED, timeMs, run, body, null, null);
  }

  public static TelemetryEvent heartbeat(RunIdentity run, long timeMs, Heartbeat body) {
    return new TelemetryEvent(SCHEMA_VERSION, newId(), EventType.HEARTBEAT, timeMs, run, null, body, null);
  }

  public static TelemetryEvent finished(RunIdentity run, long timeMs, RunSummary body) {
    return new TelemetryEvent(SCHEMA_VERSION, newId(), EventType.RUN_FINISHED, timeMs, run, null, null, body);
  }

  private static String newId() {
    return UUID.randomUUID().toString();
  }
}
