package io.sparkplane.listener.aggregate;

import java.util.ArrayList;
import java.util.List;
import scala.Option;

/**
 * Reads Scala values from Java in a way that compiles against both Scala 2.12 and 2.13, so one
 * source tree serves Spark 3.5 and 4.x.
 */
final class ScalaInterop {

  private ScalaInterop() {}

  static Long longOrNull(Option<Object> o) {
    return o != null && o.isDefined() ? ((Number) o.get()).longValue() : null;
  }

  static String stringOrNull(Option<String> o) {
    return o != null && o.isDefined() ? o.get() : null;
  }

  static <T> List<T> toList(scala.collection.Iterator<T> it) {
    List<T> out = new ArrayList<>();
    while (it.hasNext()) {
      out.add(it.next());
    }
    return out;
  }

  /** A SQL metric or accumulator value as a long: live values are numbers, replayed ones strings. */
  static Long asLong(Object value) {
    if (value instanceof Number n) {
      return n.longValue();
    }
    if (value instanceof String s) {
      try {
        return Long.parseLong(s.trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }
}
