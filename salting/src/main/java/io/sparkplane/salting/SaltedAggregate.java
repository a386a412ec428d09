package io.sparkplane.salting;

import java.util.Objects;

/**
 * One decomposable aggregate of a two-phase salted aggregation: the first phase computes it per key
 * and salt, the second merges the partial results per key. Only aggregates that merge exactly are
 * offered (sum, count, min, max, and avg as sum / count).
 *
 * <pre>{@code
 * SaltedAggregate.sum("amount", "total");
 * SaltedAggregate.count("*", "orders");   // count(*)
 * }</pre>
 *
 * @param function the aggregate
 * @param column the input column, or {@code *} for {@code count(*)}
 * @param alias the output column
 */
public record SaltedAggregate(Function function, String column, String alias) {

  /** Aggregates that can be computed per salt and merged per key. */
  public enum Function {
    SUM,
    COUNT,
    MIN,
    MAX,
    AVG
  }

  public SaltedAggregate {
    Objects.requireNonNull(function, "function");
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(alias, "alias");
    if (column.isBlank()) {
      throw new IllegalArgumentException("column must not be blank");
    }
    if (alias.isBlank()) {
      throw new IllegalArgumentException("alias must not be blank");
    }
    if (column.equals("*") && function != Function.COUNT) {
      throw new IllegalArgumentException("only count accepts '*' as its column, not " + function);
    }
  }

  public static SaltedAggregate sum(String column, String alias) {
    return new SaltedAggregate(Function.SUM, column, alias);
  }

  public static SaltedAggregate count(String column, String alias) {
    return new SaltedAggregate(Function.COUNT, column, alias);
  }

  public static SaltedAggregate min(String column, String alias) {
    return new SaltedAggregate(Function.MIN, column, alias);
  }

  public static SaltedAggregate max(String column, String alias) {
    return new SaltedAggregate(Function.MAX, column, alias);
  }

  public static SaltedAggregate avg(String column, String alias) {
    return new SaltedAggregate(Function.AVG, column, alias);
  }
}
