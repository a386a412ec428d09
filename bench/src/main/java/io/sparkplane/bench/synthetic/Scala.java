package io.sparkplane.bench.synthetic;

import java.util.List;
import scala.Option;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/** The few Scala values the event constructors need, made from Java. */
final class Scala {

  private Scala() {}

  static <T> Seq<T> seq(List<T> items) {
    return CollectionConverters.asScala(items).toList();
  }

  static <T> Seq<T> emptySeq() {
    return seq(List.of());
  }

  static Option<Object> someLong(long value) {
    return Option.apply(value);
  }

  static Option<String> some(String value) {
    return Option.apply(value);
  }

  static <T> Option<T> none() {
    return Option.empty();
  }
}
