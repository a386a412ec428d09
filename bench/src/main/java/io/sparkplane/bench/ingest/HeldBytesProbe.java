package io.sparkplane.bench.ingest;

import io.sparkplane.bench.HeapProbe;
import io.sparkplane.collector.ingest.EventBatchParser;
import io.sparkplane.collector.ingest.EventBatchParser.ParsedEvent;
import io.sparkplane.collector.ingest.EventValidator;
import io.sparkplane.collector.ingest.PayloadFormat;
import io.sparkplane.wire.TelemetryEvent;
import io.sparkplane.wire.TelemetryJson;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How much heap one ingest body holds while it is being ingested: its parsed trees (with each event's
 * JSON as received) and the events bound from them, as a multiple of the body's size. The figure
 * behind the collector's {@code maxInflightPayloadBytes}. Measured as the heap after full GCs ({@link
 * HeapProbe}) with eight parsed copies of the body referenced, less the heap before, over eight; run
 * with a serial collector so a GC is a full one and a fixed heap so its size does not move:
 *
 * <pre>
 * java -Xms1g -Xmx1g -XX:+UseSerialGC -cp bench/target/classes:$(cat bench/target/classpath.txt) io.sparkplane.bench.ingest.HeldBytesProbe
 * </pre>
 */
public final class HeldBytesProbe {

  private static final int COPIES = 8;

  private HeldBytesProbe() {}

  public static void main(String[] args) throws Exception {
    RealisticRuns runs = new RealisticRuns("probe", 20, System.currentTimeMillis());
    EventBatchParser parser = new EventBatchParser(TelemetryJson.mapper());
    EventValidator validator = EventValidator.fromWireSchema();
    for (int count : new int[] {1, 20, 135}) {
      List<TelemetryEvent> events = new ArrayList<>();
      for (int n = 0; n < count; n++) {
        events.addAll(runs.run(n));
      }
      byte[] body = TelemetryJson.toBytes(events);
      // several copies held at once, so one copy's share is measured well above GC noise
      List<Ingested> kept = new ArrayList<>();
      long before = HeapProbe.usedAfterGc();
      for (int i = 0; i < COPIES; i++) {
        kept.add(ingest(parser, validator, body));
      }
      long perBody = (HeapProbe.usedAfterGc() - before) / COPIES;
      Reference.reachabilityFence(kept);
      System.out.printf(
          Locale.ROOT,
          "%d runs (%d events), body %,d bytes: held %,d bytes per body = %.1f x the body%n",
          count, events.size(), body.length, perBody, (double) perBody / body.length);
    }
  }

  private record Ingested(List<ParsedEvent> parsed, List<TelemetryEvent> events) {}

  private static Ingested ingest(EventBatchParser parser, EventValidator validator, byte[] body) {
    List<ParsedEvent> parsed = parser.parseEvents(body, PayloadFormat.JSON);
    List<TelemetryEvent> events = new ArrayList<>(parsed.size());
    for (ParsedEvent p : parsed) {
      events.add(validator.toEvent(p.tree()));
    }
    return new Ingested(parsed, events);
  }
}
