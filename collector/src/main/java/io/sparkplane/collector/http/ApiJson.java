package io.sparkplane.collector.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkplane.wire.TelemetryJson;

/** JSON for API responses: the wire format's mapping, so runs read back as they were sent. */
final class ApiJson {

  private static final ObjectMapper MAPPER = TelemetryJson.mapper().copy();

  private ApiJson() {}

  static ObjectMapper mapper() {
    return MAPPER;
  }
}
