package io.sparkplane.collector.ingest;

import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Renders Jackson's notion of "where" as a JSON path ({@code $.run.attempt}, {@code $.stages[3]}),
 * the same form the schema validator reports.
 */
final class JsonPaths {

  static final String ROOT = "$";

  private JsonPaths() {}

  /** Path of the value a parser was at, relative to the root value of the parse. */
  static String of(@Nullable JsonStreamContext context) {
    Deque<String> segments = new ArrayDeque<>();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        segments.push("[" + Math.max(c.getCurrentIndex(), 0) + "]");
      } else if (c.inObject() && c.getCurrentName() != null) {
        segments.push("." + c.getCurrentName());
      }
    }
    return ROOT + String.join("", segments);
  }

  /** Path of the value a data-binding error is about. */
  static String of(List<JsonMappingException.Reference> path) {
    StringBuilder sb = new StringBuilder(ROOT);
    for (JsonMappingException.Reference ref : path) {
      if (ref.getFieldName() != null) {
        sb.append('.').append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.toString();
  }
}
