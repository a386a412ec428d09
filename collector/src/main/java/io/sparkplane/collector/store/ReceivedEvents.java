package io.sparkplane.collector.store;

import io.sparkplane.wire.TelemetryEvent;
import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import org.jspecify.annotations.Nullable;

/**
 * A batch as ingest received it: the events, and each event's JSON exactly as the request carried it
 * (UTF-8, already validated and bound to the event). A store that is handed one by {@link
 * RunStore#append} may keep those bytes instead of serialising the records again; any other list of
 * events stays a valid batch, and wrappers that pass the list on unchanged ({@link
 * ForwardingRunStore}) keep the bytes with it.
 *
 * <pre>{@code
 * store.append(ReceivedEvents.of(events, jsonOfEachEvent));
 * }</pre>
 *
 * <p>Immutable as far as this class goes; the byte arrays are shared, not copied, and must not be
 * changed.
 */
public final class ReceivedEvents extends AbstractList<TelemetryEvent> implements RandomAccess {

  private final List<TelemetryEvent> events;
  private final List<byte[]> json;

  private ReceivedEvents(List<TelemetryEvent> events, List<byte[]> json) {
    this.events = events;
    this.json = json;
  }

  /**
   * @param json the JSON of each event, in the same order; {@code json.get(i)} must bind to {@code
   *     events.get(i)}
   */
  public static ReceivedEvents of(List<TelemetryEvent> events, List<byte[]> json) {
    List<TelemetryEvent> e = List.copyOf(events);
    List<byte[]> j = List.copyOf(json);
    if (e.size() != j.size()) {
      throw new IllegalArgumentException(
          "json must hold one document per event: " + e.size() + " events, " + j.size() + " documents");
    }
    return new ReceivedEvents(e, j);
  }

  @Override
  public TelemetryEvent get(int index) {
    return events.get(index);
  }

  @Override
  public int size() {
    return events.size();
  }

  /** The JSON of event {@code index} as received (UTF-8). */
  public byte[] json(int index) {
    return json.get(index);
  }

  /** The received JSON of {@code events.get(index)}, if {@code events} is a received batch. */
  public static byte @Nullable [] jsonOrNull(List<TelemetryEvent> events, int index) {
    Objects.checkIndex(index, events.size());
    return events instanceof ReceivedEvents received ? received.json(index) : null;
  }
}
