package io.sparkplane.salting;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.rand;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.try_divide;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Salted joins and two-phase salted aggregations. A salt is a random number in {@code [0, factor)}
 * added to the key of the large (skewed) side, so the rows of a hot key are shuffled to up to
 * {@code factor} tasks instead of one; the small side is replicated once per salt so every large row
 * still meets all its matches. Results equal the unsalted query's: a large row may get any salt
 * (even a different one when Spark recomputes a task) and still matches exactly one replica of each
 * of its small-side rows.
 *
 * <pre>{@code
 * Dataset<Row> joined = Salting.join(orders, profiles, List.of("customer_id"), 8, "inner");
 * }</pre>
 */
public final class Salting {

  /** The helper column added on both sides and dropped from the result. */
  public static final String SALT_COLUMN = "__sparkplane_salt";

  /** Largest factor accepted: the small side is replicated this many times. */
  public static final int MAX_FACTOR = 1024;

  private static final Set<String> JOIN_TYPES = Set.of("inner", "left", "left_outer", "leftouter", "left_semi", "leftsemi", "semi", "left_anti", "leftanti", "anti");

  private Salting() {}

  /**
   * Joins {@code large} to {@code small} on the equally named columns {@code keys}, salting every key
   * by {@code factor}. Same result as {@code large.join(small, keys, joinType)}.
   *
   * @param joinType {@code inner}, {@code left} (outer), {@code left_semi} or {@code left_anti}: the
   *     large side must be the preserved one, because replicating the small side would duplicate its
   *     unmatched rows in a right or full outer join
   */
  public static Dataset<Row> join(Dataset<Row> large, Dataset<Row> small, List<String> keys, int factor, String joinType) {
    return join(large, small, keys, factor, joinType, List.of());
  }

  /**
   * Like {@link #join(Dataset, Dataset, List, int, String)}, but salts only the rows whose (single)
   * key is one of {@code hotKeys}; the small side is replicated only for those keys. Empty {@code
   * hotKeys} salts every key.
   */
  public static Dataset<Row> join(
      Dataset<Row> large, Dataset<Row> small, List<String> keys, int factor, String joinType, List<?> hotKeys) {
    checkKeys(keys);
    checkFactor(factor);
    String type = joinType.toLowerCase(Locale.ROOT);
    if (!JOIN_TYPES.contains(type)) {
      throw new IllegalArgumentException(
          "joinType must keep the large side (inner, left, left_semi, left_anti), was '" + joinType + "'");
    }
    if (!hotKeys.isEmpty() && keys.size() != 1) {
      throw new IllegalArgumentException("hotKeys need exactly one key column, got " + keys);
    }
    Column randomSalt = floor(rand().multiply(factor)).cast("int");
    Column replicas = explode(sequence(lit(0), lit(factor - 1)));
    Dataset<Row> saltedLarge;
    Dataset<Row> saltedSmall;
    if (hotKeys.isEmpty()) {
      saltedLarge = large.withColumn(SALT_COLUMN, randomSalt);
      saltedSmall = small.withColumn(SALT_COLUMN, replicas);
    } else {
      Column hotLarge = large.col(keys.get(0)).isin(hotKeys.toArray());
      Column hotSmall = small.col(keys.get(0)).isin(hotKeys.toArray());
      saltedLarge = large.withColumn(SALT_COLUMN, when(hotLarge, randomSalt).otherwise(lit(0)));
      saltedSmall =
          small.withColumn(
              SALT_COLUMN, explode(when(hotSmall, sequence(lit(0), lit(factor - 1))).otherwise(sequence(lit(0), lit(0)))));
    }
    List<String> saltedKeys = new ArrayList<>(keys);
    saltedKeys.add(SALT_COLUMN);
    Dataset<Row> joined = saltedLarge.join(saltedSmall, CollectionConverters.asScala(saltedKeys).toSeq(), type);
    return joined.drop(SALT_COLUMN);
  }

  /**
   * Groups {@code df} by {@code keys} in two phases: first by key and a salt in {@code [0, factor)},
   * then by key, merging the partial aggregates. Same result as {@code
   * df.groupBy(keys).agg(...)} with the unsalted aggregates (avg as a double).
   */
  public static Dataset<Row> aggregate(Dataset<Row> df, List<String> keys, int factor, SaltedAggregate... aggregates) {
    checkKeys(keys);
    checkFactor(factor);
    if (aggregates.length == 0) {
      throw new IllegalArgumentException("aggregates must not be empty");
    }
    List<Column> partial = new ArrayList<>();
    List<Column> merged = new ArrayList<>();
    for (int i = 0; i < aggregates.length; i++) {
      phases(aggregates[i], "__p" + i, partial, merged);
    }
    Column[] byKeyAndSalt = new Column[keys.size() + 1];
    for (int i = 0; i < keys.size(); i++) {
      byKeyAndSalt[i] = col(keys.get(i));
    }
    byKeyAndSalt[keys.size()] = col(SALT_COLUMN);
    Dataset<Row> first =
        df.withColumn(SALT_COLUMN, floor(rand().multiply(factor)).cast("int"))
            .groupBy(byKeyAndSalt)
            .agg(partial.get(0), rest(partial));
    Column[] byKey = Arrays.copyOf(byKeyAndSalt, keys.size());
    return first.groupBy(byKey).agg(merged.get(0), rest(merged));
  }

  private static void phases(SaltedAggregate a, String p, List<Column> partial, List<Column> merged) {
    switch (a.function()) {
      case SUM -> {
        partial.add(sum(col(a.column())).as(p));
        merged.add(sum(col(p)).as(a.alias()));
      }
      case COUNT -> {
        partial.add((a.column().equals("*") ? count(lit(1)) : count(col(a.column()))).as(p));
        merged.add(sum(col(p)).as(a.alias()));
      }
      case MIN -> {
        partial.add(min(col(a.column())).as(p));
        merged.add(min(col(p)).as(a.alias()));
      }
      case MAX -> {
        partial.add(max(col(a.column())).as(p));
        merged.add(max(col(p)).as(a.alias()));
      }
      case AVG -> {
        partial.add(sum(col(a.column()).cast("double")).as(p + "s"));
        partial.add(count(col(a.column())).as(p + "c"));
        // try_divide: a group of only nulls has count 0, and ANSI mode fails a division by zero
        merged.add(try_divide(sum(col(p + "s")), sum(col(p + "c"))).as(a.alias()));
      }
    }
  }

  private static Column[] rest(List<Column> columns) {
    return columns.subList(1, columns.size()).toArray(new Column[0]);
  }

  private static void checkKeys(List<String> keys) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("keys must not be empty");
    }
  }

  private static void checkFactor(int factor) {
    if (factor < 1 || factor > MAX_FACTOR) {
      throw new IllegalArgumentException("factor must be in [1, " + MAX_FACTOR + "], was " + factor);
    }
  }
}
