package io.sparkplane.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The one JSON mapping of the wire format, used on both ends. */
public final class TelemetryJson {

  /** Classpath location of the JSON Schema the collector enforces. */
  public static final String SCHEMA_RESOURCE = "/io/sparkplane/wire/telemetry-event-v1.schema.json";

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          // Newer listeners may add fields; older collectors keep what they know.
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build();

  private TelemetryJson() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static byte[] toBytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String toJson(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static TelemetryEvent parseEvent(byte[] json) throws IOException {
    return MAPPER.readValue(json, TelemetryEvent.class);
  }

  public static InputStream schema() {
    return TelemetryJson.class.getResourceAsStream(SCHEMA_RESOURCE);
  }
}
