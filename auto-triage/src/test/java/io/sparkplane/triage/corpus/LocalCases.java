package io.sparkplane.triage.corpus;

import static io.sparkplane.triage.TriageClass.BROADCAST_FAILURE;
import static io.sparkplane.triage.TriageClass.CARTESIAN_EXPLOSION;
import static io.sparkplane.triage.TriageClass.DATA_SKEW;
import static io.sparkplane.triage.TriageClass.EXTERNAL_SYSTEM;
import static io.sparkplane.triage.TriageClass.PLANNING_BOTTLENECK;
import static io.sparkplane.triage.TriageClass.RESULT_SIZE_EXCEEDED;
import static io.sparkplane.triage.TriageClass.SUBOPTIMAL_PARTITIONING;
import static io.sparkplane.triage.TriageClass.UNKNOWN;
import static io.sparkplane.triage.TriageClass.USER_CODE_ERROR;

import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;

/**
 * Cases that run in one local Spark session (local[2]) without killing its JVM. The session has
 * {@code spark.driver.maxResultSize=1m} so that result-size cases fail fast; every other case
 * keeps its results small.
 */
public final class LocalCases {

  /** Hot key on 95% of the rows: the usual shape of a skewed customer or null key. */
  static final String SKEWED =
      "(SELECT CASE WHEN id % 20 < 19 THEN 0 ELSE id END AS k, id FROM range(0, 3000000, 1, 8))";

  private LocalCases() {}

  public static List<SparkCase> all() {
    List<SparkCase> cases = new ArrayList<>();
    cases.addAll(skew());
    cases.addAll(cartesian());
    cases.addAll(resultSize());
    cases.addAll(broadcast());
    cases.addAll(userCode());
    cases.addAll(external());
    cases.addAll(partitioning());
    cases.addAll(planning());
    cases.addAll(unknown());
    return cases;
  }

  static List<SparkCase> skew() {
    return List.of(
        new SparkCase("skew-join-hot-key", DATA_SKEW, "Sort-merge join where 95% of one side has key 0, hashing every joined row", true,
            spark -> spark.sql(
                "SELECT count(*), max(sha2(repeat(cast(a.id AS string), 60), 512)) FROM " + SKEWED
                    + " a JOIN (SELECT id AS k, id AS v FROM range(0, 300000, 1, 8)) b ON a.k = b.k").collect()),
        new SparkCase("skew-aggregation-hot-key", DATA_SKEW, "GROUP BY with collect_list + sort: the hot key's list is merged and sorted by one task", true,
            spark -> spark.sql(
                "SELECT k, size(array_sort(collect_list(sha2(cast(id AS string), 256)))) AS n FROM " + SKEWED
                    + " GROUP BY k ORDER BY n DESC LIMIT 3").collect()),
        new SparkCase("skew-window-hot-partition", DATA_SKEW, "Window partitioned by a skewed key: one task sorts 95% of the rows", true,
            spark -> spark.sql(
                "SELECT max(rn), count(*) FROM (SELECT k, row_number() OVER (PARTITION BY k ORDER BY sha2(cast(id AS string), 256)) AS rn FROM "
                    + SKEWED + ")").collect()),
        new SparkCase("skew-rdd-groupbykey", DATA_SKEW, "RDD-style repartition by a skewed key, then per-row hashing", true,
            spark -> spark.sql(
                "SELECT count(DISTINCT h) FROM (SELECT k, sha2(repeat(cast(id AS string), 20), 512) AS h FROM (SELECT /*+ REPARTITION(8, k) */ * FROM "
                    + SKEWED + "))").collect()));
  }

  static List<SparkCase> cartesian() {
    return List.of(
        new SparkCase("cartesian-duplicate-keys", CARTESIAN_EXPLOSION, "Join on a key with 1,000 duplicates on each side (50k x 50k rows, 50 keys)", true,
            spark -> spark.sql(
                "SELECT count(*) FROM (SELECT id % 50 AS k FROM range(0, 50000, 1, 4)) a JOIN (SELECT id % 50 AS k FROM range(0, 50000, 1, 4)) b ON a.k = b.k").collect()),
        new SparkCase("cartesian-cross-join", CARTESIAN_EXPLOSION, "CROSS JOIN of two 8,000-row tables", true,
            spark -> spark.sql("SELECT count(*) FROM range(0, 8000, 1, 2) a CROSS JOIN range(0, 8000, 1, 2) b").collect()),
        new SparkCase("cartesian-band-join", CARTESIAN_EXPLOSION, "Non-equi band join (|a - b| < 1500) that degrades to a nested loop", true,
            spark -> spark.sql(
                "SELECT count(*) FROM range(0, 20000, 1, 2) a JOIN range(0, 20000, 1, 2) b ON a.id BETWEEN b.id - 1500 AND b.id + 1500").collect()),
        new SparkCase("cartesian-low-cardinality-key", CARTESIAN_EXPLOSION, "Join of orders to events on a boolean-like flag (2 distinct values)", true,
            spark -> spark.sql(
                "SELECT count(*) FROM (SELECT id % 2 AS flag FROM range(0, 6000, 1, 4)) o JOIN (SELECT id % 2 AS flag FROM range(0, 6000, 1, 4)) e USING (flag)").collect()));
  }

  static List<SparkCase> resultSize() {
    return List.of(
        new SparkCase("result-size-collect-wide-rows", RESULT_SIZE_EXCEEDED, "collect() of 200k rows with 100-char strings, maxResultSize=1m", false,
            spark -> spark.sql("SELECT id, repeat('x', 100) AS s FROM range(0, 200000, 1, 4)").collectAsList()),
        new SparkCase("result-size-single-huge-row", RESULT_SIZE_EXCEEDED, "Global collect_list aggregate: one result row of several MB", false,
            spark -> spark.sql("SELECT collect_list(sha2(cast(id AS string), 256)) FROM range(0, 100000, 1, 4)").collectAsList()),
        new SparkCase("result-size-many-partitions", RESULT_SIZE_EXCEEDED, "collect() over 5,000 partitions: small per-task results add up past maxResultSize", false,
            spark -> spark.sql("SELECT /*+ REPARTITION(5000) */ id FROM range(0, 10000, 1, 2)").collectAsList()));
  }

  static List<SparkCase> broadcast() {
    return List.of(
        new SparkCase("broadcast-timeout-slow-udf", BROADCAST_FAILURE, "Broadcast build side computed by a slow UDF, spark.sql.broadcastTimeout=2", false,
            spark -> withBroadcastTimeout(spark, () -> spark.sql(
                "SELECT /*+ BROADCAST(b) */ count(*) FROM range(0, 1000, 1, 2) a JOIN (SELECT slow_id(id) AS id FROM range(0, 400, 1, 2)) b ON a.id = b.id").collect())),
        new SparkCase("broadcast-timeout-nested-loop", BROADCAST_FAILURE, "Broadcast nested-loop join whose build side is slow, spark.sql.broadcastTimeout=2", false,
            spark -> withBroadcastTimeout(spark, () -> spark.sql(
                "SELECT /*+ BROADCAST(b) */ count(*) FROM range(0, 1000, 1, 2) a JOIN (SELECT slow_id(id) AS id FROM range(0, 400, 1, 2)) b ON a.id < b.id").collect())),
        new SparkCase("broadcast-timeout-slow-aggregate", BROADCAST_FAILURE, "Broadcast of an aggregate over a slow UDF, spark.sql.broadcastTimeout=2", false,
            spark -> withBroadcastTimeout(spark, () -> spark.sql(
                "SELECT /*+ BROADCAST(b) */ count(*) FROM range(0, 1000, 1, 2) a JOIN (SELECT slow_id(id) % 10 AS id, count(*) c FROM range(0, 400, 1, 2) GROUP BY 1) b ON a.id = b.id").collect())));
  }

  static List<SparkCase> userCode() {
    return List.of(
        new SparkCase("user-udf-exception", USER_CODE_ERROR, "Java UDF throws IllegalArgumentException on a bad value", false,
            spark -> spark.sql("SELECT sum(parse_segment(id)) FROM range(0, 1000, 1, 2)").collect()),
        new SparkCase("user-divide-by-zero", USER_CODE_ERROR, "ANSI mode: integer division by zero in a projection", false,
            spark -> spark.sql("SELECT sum(10 div (id % 100)) FROM range(0, 1000, 1, 2)").collect()),
        new SparkCase("user-cast-invalid-input", USER_CODE_ERROR, "ANSI mode: CAST of a non-numeric string to INT", false,
            spark -> spark.sql("SELECT sum(CAST(concat('c', id) AS INT)) FROM range(0, 1000, 1, 2)").collect()),
        new SparkCase("user-raise-error", USER_CODE_ERROR, "Data-quality check with raise_error() on a bad row", false,
            spark -> spark.sql("SELECT count(if(id = 777, raise_error('row 777 has no customer'), id)) FROM range(0, 1000, 1, 2)").collect()));
  }

  static List<SparkCase> external() {
    return List.of(
        new SparkCase("external-jdbc-connection-refused", EXTERNAL_SYSTEM, "Tasks open a JDBC connection (H2 TCP) to a port nobody listens on", false,
            spark -> {
              int port = closedPort();
              spark.range(0, 4, 1, 2).foreachPartition((ForeachPartitionFunction<Long>) it -> {
                try (Connection c = DriverManager.getConnection("jdbc:h2:tcp://127.0.0.1:" + port + "/mem:warehouse", "sa", "")) {
                  c.createStatement().execute("SELECT 1");
                }
              });
            }),
        new SparkCase("external-jdbc-query-timeout", EXTERNAL_SYSTEM, "Tasks run a JDBC query with a 1 s query timeout that the database cancels", false,
            spark -> spark.range(0, 2, 1, 2).foreachPartition((ForeachPartitionFunction<Long>) it -> {
              try (Connection c = DriverManager.getConnection("jdbc:h2:mem:", "sa", "");
                  Statement s = c.createStatement()) {
                s.setQueryTimeout(1);
                s.executeQuery("SELECT count(*) FROM system_range(1, 20000) a, system_range(1, 20000) b WHERE a.x * b.x % 7 = 3");
              }
            })),
        new SparkCase("external-http-read-timeout", EXTERNAL_SYSTEM, "Tasks call a REST endpoint that accepts the connection and never answers (1 s timeout)", false,
            spark -> {
              try (SilentServer server = new SilentServer()) {
                int port = server.port();
                spark.range(0, 2, 1, 2).foreachPartition((ForeachPartitionFunction<Long>) it -> {
                  HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
                  client.send(
                      HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/segments")).timeout(Duration.ofSeconds(1)).build(),
                      HttpResponse.BodyHandlers.ofString());
                });
              }
            }));
  }

  static List<SparkCase> partitioning() {
    return List.of(
        new SparkCase("partitioning-shuffle-storm", SUBOPTIMAL_PARTITIONING, "spark.sql.shuffle.partitions=4000 on a 100k-row aggregation", true,
            spark -> withShufflePartitions(spark, 4000, () -> spark.sql("SELECT count(*) FROM (SELECT id % 5000 AS k, count(*) FROM range(0, 100000, 1, 2) GROUP BY 1)").collect())),
        new SparkCase("partitioning-repartition-storm", SUBOPTIMAL_PARTITIONING, "repartition(4000) of a small table before a cheap projection", true,
            spark -> spark.sql("SELECT count(*) FROM (SELECT /*+ REPARTITION(4000) */ id * 2 AS x FROM range(0, 100000, 1, 2))").collect()),
        new SparkCase("partitioning-single-partition-source", SUBOPTIMAL_PARTITIONING, "All work in one input partition (range with numPartitions=1)", true,
            spark -> spark.sql("SELECT count(DISTINCT sha2(repeat(cast(id AS string), 20), 512)) FROM range(0, 1500000, 1, 1)").collect()),
        new SparkCase("partitioning-global-window", SUBOPTIMAL_PARTITIONING, "Window without PARTITION BY: Spark moves all rows to one task", true,
            spark -> spark.sql(
                "SELECT max(rn) FROM (SELECT row_number() OVER (ORDER BY sha2(repeat(cast(id AS string), 20), 512)) AS rn FROM range(0, 1500000, 1, 4))").collect()));
  }

  static List<SparkCase> planning() {
    return List.of(
        new SparkCase("planning-huge-case-when", PLANNING_BOTTLENECK, "A CASE WHEN with 3,000 branches in an aggregate over 10 rows", true,
            spark -> spark.sql("SELECT sum(" + caseWhen(3000) + ") FROM range(0, 10, 1, 1)").collect()),
        new SparkCase("planning-case-when-projection", PLANNING_BOTTLENECK, "A 3,000-branch CASE WHEN in a projection collected from 10 rows", true,
            spark -> spark.sql("SELECT id, " + caseWhen(3000) + " AS segment FROM range(0, 10, 1, 1)").collectAsList()),
        new SparkCase("planning-two-case-when-aggregates", PLANNING_BOTTLENECK, "Two 1,500-branch CASE WHENs in min() and max() over 10 rows", true,
            spark -> spark.sql("SELECT min(" + caseWhen(1500) + "), max(" + caseWhen(1500).replace("THEN ", "THEN 2 * ") + ") FROM range(0, 10, 1, 1)").collect()));
  }

  static List<SparkCase> unknown() {
    return List.of(
        new SparkCase("unknown-uniformly-slow", UNKNOWN, "Evenly slow tasks (a sleeping UDF in every partition) that miss the SLA", true,
            spark -> spark.sql("SELECT count(slow_id(id)) FROM range(0, 160, 1, 8)").collect()));
  }

  static void registerUdfs(SparkSession spark) {
    spark.udf().register("slow_id", (UDF1<Long, Long>) id -> {
      Thread.sleep(25);
      return id;
    }, DataTypes.LongType);
    spark.udf().register("parse_segment", (UDF1<Long, Long>) id -> {
      if (id == 613) {
        throw new IllegalArgumentException("segment code '" + id + "' is not in the segment catalogue");
      }
      return id;
    }, DataTypes.LongType);
  }

  private static void withBroadcastTimeout(SparkSession spark, ThrowingRunnable r) throws Exception {
    // Without AQE, BroadcastExchangeExec waits at most spark.sql.broadcastTimeout for its relation
    spark.conf().set("spark.sql.broadcastTimeout", "2");
    spark.conf().set("spark.sql.adaptive.enabled", "false");
    try {
      r.run();
    } finally {
      spark.conf().unset("spark.sql.broadcastTimeout");
      spark.conf().unset("spark.sql.adaptive.enabled");
    }
  }

  private static void withShufflePartitions(SparkSession spark, int n, ThrowingRunnable r) throws Exception {
    String before = spark.conf().get("spark.sql.shuffle.partitions");
    spark.conf().set("spark.sql.shuffle.partitions", Integer.toString(n));
    try {
      r.run();
    } finally {
      spark.conf().set("spark.sql.shuffle.partitions", before);
    }
  }

  private static String caseWhen(int n) {
    StringBuilder b = new StringBuilder("CASE");
    for (int i = 0; i < n; i++) {
      b.append(" WHEN id * 7 + ").append(i).append(" = ").append(i * 3).append(" THEN ").append(i);
    }
    return b.append(" ELSE 0 END").toString();
  }

  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @FunctionalInterface
  interface ThrowingRunnable {
    void run() throws Exception;
  }

  /** Accepts connections and never answers, like a stuck warehouse endpoint. */
  static final class SilentServer implements AutoCloseable {
    private final ServerSocket socket = new ServerSocket(0);
    private final List<Socket> accepted = new ArrayList<>();
    private final Thread acceptor;

    SilentServer() throws Exception {
      acceptor = new Thread(() -> {
        try {
          while (!socket.isClosed()) {
            Socket s = socket.accept();
            synchronized (accepted) {
              accepted.add(s);
            }
          }
        } catch (java.io.IOException e) {
          // accept() fails once close() closed the socket: the server is done
        }
      }, "silent-server");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    @Override
    public void close() throws Exception {
      socket.close();
      synchronized (accepted) {
        for (Socket s : accepted) {
          s.close();
        }
      }
    }
  }
}
