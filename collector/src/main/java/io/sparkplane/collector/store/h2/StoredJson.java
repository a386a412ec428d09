package io.sparkplane.collector.store.h2;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.sparkplane.collector.store.StoreException;
import io.sparkplane.wire.TelemetryJson;

/**
 * Serialises what the H2 store writes: {@link TelemetryJson}'s mapping, with Jackson's Schubfach
 * double writer instead of {@code Double.toString} (the larger part of serialising a run summary).
 * It writes the shortest decimal that reads back as the same double, so stored values are unchanged.
 */
final class StoredJson {

  private static final ObjectWriter WRITER =
      TelemetryJson.mapper().writer().with(StreamWriteFeature.USE_FAST_DOUBLE_WRITER);

  private StoredJson() {}

  static byte[] writeBytes(Object value) {
    try {
      return WRITER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new StoreException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }

  static String write(Object value) {
    try {
      return WRITER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new StoreException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }
}
