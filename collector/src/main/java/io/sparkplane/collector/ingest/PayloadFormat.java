package io.sparkplane.collector.ingest;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** How a telemetry body lays out its events, from its {@code Content-Type}. */
public enum PayloadFormat {
  /** {@code application/json}: one event object, or an array of them. */
  JSON,
  /** {@code application/x-ndjson}: one event object per line. */
  NDJSON;

  /**
   * Reads a {@code Content-Type} header value; parameters such as {@code charset} are ignored (JSON
   * is UTF-8).
   *
   * @throws IngestException {@link RejectReason#UNSUPPORTED_MEDIA_TYPE} for any other media type
   */
  public static PayloadFormat fromContentType(@Nullable String contentType) {
    String mediaType =
        contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return switch (mediaType) {
      case "application/json" -> JSON;
      case "application/x-ndjson" -> NDJSON;
      default ->
          throw new IngestException(
              RejectReason.UNSUPPORTED_MEDIA_TYPE,
              "Content-Type must be application/json or application/x-ndjson, was '"
                  + (contentType == null ? "" : contentType)
                  + "'",
              "Content-Type");
    };
  }
}
