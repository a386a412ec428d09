package io.sparkplane.collector.store.elasticsearch;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Names of the monthly indices and their aliases: {@code <prefix>-<kind>-yyyy.MM}. */
record IndexNames(String prefix) {

  /** What a family of indices holds. */
  enum Kind {
    RUNS("runs"),
    EVENTS("events"),
    ATTACHMENTS("attachments");

    final String word;

    Kind(String word) {
      this.word = word;
    }
  }

  private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("uuuu.MM", Locale.ROOT);

  static YearMonth monthOf(long epochMs) {
    return YearMonth.from(Instant.ofEpochMilli(epochMs).atOffset(ZoneOffset.UTC));
  }

  /** The alias over every month of {@code kind}; searches go here. */
  String alias(Kind kind) {
    return prefix + "-" + kind.word;
  }

  String index(Kind kind, YearMonth month) {
    return alias(kind) + "-" + MONTH.format(month);
  }

  String index(Kind kind, long epochMs) {
    return index(kind, monthOf(epochMs));
  }

  /**
   * The indices the store writes to in {@code month}: each kind's index of that month and of the
   * month before, where runs that began then still get their events folded and late events land.
   */
  List<String> writeIndices(YearMonth month) {
    List<String> indices = new ArrayList<>();
    for (Kind kind : Kind.values()) {
      indices.add(index(kind, month));
      indices.add(index(kind, month.minusMonths(1)));
    }
    return indices;
  }

  /** Pattern the index template matches. */
  String pattern(Kind kind) {
    return alias(kind) + "-*";
  }

  String templateName(Kind kind) {
    return alias(kind);
  }

  /** The month of one of our monthly indices, or empty if {@code index} is not one. */
  Optional<YearMonth> monthOf(String index) {
    for (Kind kind : Kind.values()) {
      String head = alias(kind) + "-";
      if (index.startsWith(head)) {
        try {
          return Optional.of(YearMonth.parse(index.substring(head.length()), MONTH));
        } catch (DateTimeParseException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }
}
