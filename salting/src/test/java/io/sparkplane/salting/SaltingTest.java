package io.sparkplane.salting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Salting on real Spark (local[2])")
class SaltingTest {

  static SparkSession spark;
  static final TaskTimes taskTimes = new TaskTimes();

  @BeforeAll
  static void start() {
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("salting-tests")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "8")
            .config("spark.sql.autoBroadcastJoinThreshold", "-1")
            .config("spark.sql.adaptive.enabled", "false")
            .getOrCreate();
    spark.sparkContext().addSparkListener(taskTimes);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** 80% of the large side has customer 0; the small side has each customer once. */
  static Dataset<Row> orders(long rows) {
    return spark.sql(
        "SELECT CASE WHEN id % 10 < 8 THEN 0 ELSE id % 50000 END AS customer_id, id AS order_id, id % 997 AS amount,"
            + " IF(id % 13 = 0, NULL, id % 101) AS discount FROM range(0, " + rows + ", 1, 8)");
  }

  static Dataset<Row> profiles() {
    return spark.sql("SELECT id AS customer_id, concat('c', id) AS name FROM range(0, 40000, 1, 4)");
  }

  @Test
  @DisplayName("a salted inner, left, semi and anti join returns exactly the unsalted join's rows")
  void joinSameResult() {
    Dataset<Row> large = orders(200_000);
    Dataset<Row> small = profiles();
    for (String type : List.of("inner", "left", "left_semi", "left_anti")) {
      Dataset<Row> plain = large.join(small, scala.jdk.javaapi.CollectionConverters.asScala(List.of("customer_id")).toSeq(), type);
      Dataset<Row> salted = Salting.join(large, small, List.of("customer_id"), 8, type);
      assertThat(salted.columns()).as(type).containsExactly(plain.columns());
      assertSameRows(plain, salted);
    }
    assertSameRows(
        large.join(small, scala.jdk.javaapi.CollectionConverters.asScala(List.of("customer_id")).toSeq(), "left"),
        Salting.join(large, small, List.of("customer_id"), 5, "left", List.of(0L, 7L)));
  }

  @Test
  @DisplayName("a two-phase salted aggregation returns the plain aggregation's sums, counts, extremes and averages")
  void aggregateSameResult() {
    Dataset<Row> df = orders(200_000);
    df.createOrReplaceTempView("orders");
    Dataset<Row> plain =
        spark.sql("SELECT customer_id, sum(amount) AS total, count(*) AS n, count(discount) AS nd, min(order_id) AS first,"
            + " max(order_id) AS last, avg(amount) AS mean FROM orders GROUP BY customer_id");
    Dataset<Row> salted =
        Salting.aggregate(df, List.of("customer_id"), 16,
            SaltedAggregate.sum("amount", "total"), SaltedAggregate.count("*", "n"), SaltedAggregate.count("discount", "nd"),
            SaltedAggregate.min("order_id", "first"), SaltedAggregate.max("order_id", "last"), SaltedAggregate.avg("amount", "mean"));
    assertThat(salted.columns()).containsExactly(plain.columns());
    // avg is a double summed in a different order: compare it rounded
    assertSameRows(plain.selectExpr("customer_id", "total", "n", "nd", "first", "last", "round(mean, 6)"),
        salted.selectExpr("customer_id", "total", "n", "nd", "first", "last", "round(mean, 6)"));
    assertThat(plain.count()).isGreaterThan(1000);
  }

  @Test
  @DisplayName("on a skewed join the slowest task's CPU time over the median drops with salting")
  void skewedJoinTaskTimeDrops() {
    Dataset<Row> large = orders(1_500_000);
    Dataset<Row> small = profiles();
    String work = "sum(length(sha2(repeat(cast(order_id AS string), 20), 512)))";
    double plainRatio = joinStageRatio(() -> large.join(small, scala.jdk.javaapi.CollectionConverters.asScala(List.of("customer_id")).toSeq()).selectExpr(work).collect());
    double saltedRatio = joinStageRatio(() -> Salting.join(large, small, List.of("customer_id"), 16, "inner").selectExpr(work).collect());
    System.out.printf("join stage max/median task CPU time: unsalted %.1f, salted %.1f%n", plainRatio, saltedRatio);
    assertThat(plainRatio).isGreaterThan(4);
    assertThat(saltedRatio).isLessThan(plainRatio / 2);
  }

  @Test
  @DisplayName("refuses join types that keep the small side, a factor out of range and empty keys, naming the argument")
  void validation() {
    Dataset<Row> a = orders(10);
    Dataset<Row> b = profiles();
    assertThatThrownBy(() -> Salting.join(a, b, List.of("customer_id"), 4, "right")).hasMessageContaining("joinType");
    assertThatThrownBy(() -> Salting.join(a, b, List.of("customer_id"), 0, "inner")).hasMessageContaining("factor");
    assertThatThrownBy(() -> Salting.join(a, b, List.of(), 4, "inner")).hasMessageContaining("keys");
    assertThatThrownBy(() -> Salting.aggregate(a, List.of("customer_id"), 4)).hasMessageContaining("aggregates");
    assertThatThrownBy(() -> SaltedAggregate.sum("*", "x")).hasMessageContaining("count");
  }

  private static void assertSameRows(Dataset<Row> expected, Dataset<Row> actual) {
    assertThat(expected.exceptAll(actual).count()).as("rows missing from the salted result").isZero();
    assertThat(actual.exceptAll(expected).count()).as("rows only in the salted result").isZero();
  }

  /** max/median task time of the stage with the most task time among the stages {@code query} ran. */
  private static double joinStageRatio(Runnable query) {
    taskTimes.clear();
    query.run();
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("listener bus did not drain", e);
    }
    return taskTimes.busiestStageMaxToMedian();
  }

  /**
   * Spark's own task metrics: CPU time per task, by stage. CPU, not run time: how uneven the work
   * is, without the time a task waited for a core on a busy machine.
   */
  static final class TaskTimes extends SparkListener {
    private final Map<Integer, List<Long>> byStage = new ConcurrentHashMap<>();

    @Override
    public void onTaskEnd(SparkListenerTaskEnd e) {
      if (e.taskMetrics() != null) {
        byStage.computeIfAbsent(e.stageId(), k -> new CopyOnWriteArrayList<>()).add(e.taskMetrics().executorCpuTime());
      }
    }

    void clear() {
      byStage.clear();
    }

    double busiestStageMaxToMedian() {
      List<Long> busiest = byStage.values().stream()
          .filter(l -> l.size() >= 4)
          .max((x, y) -> Long.compare(x.stream().mapToLong(Long::longValue).sum(), y.stream().mapToLong(Long::longValue).sum()))
          .orElseThrow();
      List<Long> sorted = new ArrayList<>(busiest);
      sorted.sort(null);
      double median = Math.max(1, sorted.get(sorted.size() / 2));
      return sorted.get(sorted.size() - 1) / median;
    }
  }
}
