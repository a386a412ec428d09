package io.sparkplane.collector.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * Body of every 4xx/5xx response, e.g. {@code {"error":"$.run.attempt: must have a minimum value of
 * 1","reason":"schema_violation","field":"$.run.attempt","index":0}}.
 *
 * @param error what went wrong, for people
 * @param reason stable machine-readable code
 * @param field the offending JSON path (within the event), query parameter or header; {@code null}
 *     when no single field is to blame
 * @param index 0-based position of the offending event in an ingest batch, when there is one
 */
public record ApiError(
    String error,
    String reason,
    @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String field,
    @Nullable Integer index) {

  public static ApiError of(String error, String reason, @Nullable String field) {
    return new ApiError(error, reason, field, null);
  }
}
