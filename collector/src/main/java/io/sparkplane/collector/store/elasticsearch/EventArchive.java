package io.sparkplane.collector.store.elasticsearch;

import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.sparkplane.collector.store.ReceivedEvents;
import io.sparkplane.collector.store.elasticsearch.IndexNames.Kind;
import io.sparkplane.wire.TelemetryEvent;
import io.sparkplane.wire.TelemetryJson;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The events-index document of one event: ids, type and times as keyword and long fields, and the
 * event itself in the non-indexed {@code event} object. When the batch came from ingest ({@link
 * ReceivedEvents}) the event is written as the request carried it, not serialised again, unless it
 * spans several lines (a bulk request is one document per line).
 */
final class EventArchive {

  private static final ObjectMapper JSON = TelemetryJson.mapper();

  private EventArchive() {}

  /** A {@code create} of the document of {@code events.get(index)} in its month's events index. */
  static BulkOperation create(IndexNames names, List<TelemetryEvent> events, int index, long receivedMs) {
    TelemetryEvent event = events.get(index);
    ObjectNode doc =
        JSON.createObjectNode()
            .put("event_id", event.eventId())
            .put("tenant", event.run().tenant())
            .put("run_id", event.run().runId())
            .put("type", event.type().name())
            .put("time_ms", event.timeMs())
            .put("received_ms", receivedMs);
    byte[] received = ReceivedEvents.jsonOrNull(events, index);
    if (received != null && isOneLine(received)) {
      doc.putRawValue("event", new RawValue(new String(received, StandardCharsets.UTF_8)));
    } else {
      doc.set("event", JSON.valueToTree(event));
    }
    String target = names.index(Kind.EVENTS, event.timeMs());
    return BulkOperation.of(o -> o.create(c -> c.index(target).id(DocIds.event(event.eventId())).document(doc)));
  }

  /** JSON can only hold a line break between tokens, never inside a string. */
  private static boolean isOneLine(byte[] json) {
    for (byte b : json) {
      if (b == '\n' || b == '\r') {
        return false;
      }
    }
    return true;
  }
}
