package io.sparkplane.estimator.realruns;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.rand;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkplane.estimator.EstimateRequest;
import io.sparkplane.estimator.EstimateRequestJson;
import io.sparkplane.estimator.JobFeatures;
import io.sparkplane.estimator.OutputKind;
import io.sparkplane.estimator.TableInput;
import io.sparkplane.listener.SparkplaneListener;
import io.sparkplane.listener.TelemetrySink;
import io.sparkplane.wire.EventType;
import io.sparkplane.wire.TelemetryEvent;
import io.sparkplane.wire.TelemetryJson;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.jspecify.annotations.Nullable;

/**
 * Runs a spread of real workloads on local Spark with the Sparkplane listener attached and writes
 * each run's estimate request (the features the engine knew before running) with its {@code
 * RUN_STARTED} and {@code RUN_FINISHED} events to {@code src/test/resources/real-runs.ndjson.gz}.
 *
 * <p>Slow (tens of minutes on 2 cores); run once and commit the fixture:
 *
 * <pre>
 * mvn -q -pl estimator-trainer test-compile dependency:build-classpath -Dmdep.outputFile=target/test-cp.txt
 * java -Xmx3g $SPARK_JAVA17_OPENS -cp target/classes:target/test-classes:$(cat target/test-cp.txt) \
 *   io.sparkplane.estimator.realruns.RealRunFixtureGenerator 150
 * </pre>
 *
 * Workloads mirror what a segmentation engine runs: roll-ups, enrichment joins, join chains, star
 * joins, latest-row dedupe and distinct counts, over Parquet tables from 25 thousand to 3.2 million
 * rows, with and without a hot key.
 */
public final class RealRunFixtureGenerator {

  private static final long[] SIZES = {
    25_000, 50_000, 100_000, 200_000, 400_000, 800_000, 1_600_000, 3_200_000
  };
  private static final double[] SKEWS = {0.0, 0.3};
  private static final String TENANT = "acme";

  private final SparkSession spark;
  private final Path tableDir;
  private final Map<String, TableInput> tables = new HashMap<>();
  private final ConcurrentLinkedQueue<TelemetryEvent> events = new ConcurrentLinkedQueue<>();

  private RealRunFixtureGenerator(SparkSession spark, Path tableDir) {
    this.spark = spark;
    this.tableDir = tableDir;
  }

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 150;
    Path out =
        Path.of(args.length > 1 ? args[1] : "src/test/resources/real-runs.ndjson.gz");
    Path tableDir = Files.createTempDirectory("sparkplane-estimator-tables");
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("sparkplane-estimator-fixture")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "8")
            .config("spark.sql.autoBroadcastJoinThreshold", "-1")
            .config("spark.driver.host", "127.0.0.1")
            .getOrCreate();
    try {
      new RealRunFixtureGenerator(spark, tableDir).generate(runs, out);
    } finally {
      spark.stop();
    }
  }

  private void generate(int runs, Path out) throws Exception {
    TelemetrySink sink = events::add;
    SparkplaneListener listener =
        new SparkplaneListener(
            Map.of(
                "spark.sparkplane.tenant", TENANT,
                "spark.sparkplane.heartbeat.interval", "200ms",
                "spark.sparkplane.run.idleTimeout", "3s"),
            Clock.systemUTC(),
            sink);
    spark.sparkContext().addSparkListener(listener);
    Random random = new Random(20_240_611L);
    List<Workload> plan = new ArrayList<>();
    Workload[] kinds = Workload.values();
    for (int i = 0; i < runs; i++) {
      plan.add(kinds[i % kinds.length]);
    }
    Collections.shuffle(plan, random);
    ObjectMapper json = TelemetryJson.mapper();
    for (Workload w : kinds) {
      // Warm-up, not recorded: JIT and Spark's first-use costs would otherwise inflate early runs.
      runOne(w, SIZES[1], 0.0, json);
    }
    Files.createDirectories(out.toAbsolutePath().getParent());
    try (OutputStream file = Files.newOutputStream(out);
        GZIPOutputStream gzip = new GZIPOutputStream(file);
        Writer writer = new java.io.OutputStreamWriter(gzip, StandardCharsets.UTF_8)) {
      for (int i = 0; i < plan.size(); i++) {
        Workload workload = plan.get(i);
        long size = SIZES[random.nextInt(SIZES.length)];
        double skew = SKEWS[random.nextInt(SKEWS.length)];
        long started = System.nanoTime();
        ObjectNode line = runOne(workload, size, skew, json);
        if (line == null) {
          continue;
        }
        writer.write(json.writeValueAsString(line));
        writer.write('\n');
        writer.flush();
        System.out.printf(
            "run %d/%d %s size=%d skew=%.1f took %d ms%n",
            i + 1, plan.size(), workload.name, size, skew, (System.nanoTime() - started) / 1_000_000);
      }
    }
  }

  private @Nullable ObjectNode runOne(Workload workload, long size, double skew, ObjectMapper json)
      throws Exception {
    List<TableInput> inputs = new ArrayList<>();
    List<Dataset<Row>> tables = workload.prepare(this, size, skew, inputs);
    String runId = workload.name + "-" + UUID.randomUUID();
    var sc = spark.sparkContext();
    sc.setLocalProperty("sparkplane.run.id", runId);
    sc.setLocalProperty("sparkplane.workload", workload.name);
    try {
      workload.run(this, tables, size, runId);
    } finally {
      sc.setLocalProperty("sparkplane.run.id", null);
      sc.setLocalProperty("sparkplane.workload", null);
    }
    TelemetryEvent finished = awaitFinished(runId, Duration.ofMinutes(2));
    long starts =
        events.stream()
            .filter(e -> e.type() == EventType.RUN_STARTED && e.run().runId().equals(runId))
            .count();
    if (starts > 1) {
      // The idle timeout cut the run in two (a long pause between its jobs): not one clean run.
      Thread.sleep(4_000);
      events.removeIf(e -> e.run().runId().equals(runId));
      System.out.println("skipped " + runId + ": split by the idle timeout");
      return null;
    }
    TelemetryEvent start =
        events.stream()
            .filter(e -> e.type() == EventType.RUN_STARTED && e.run().runId().equals(runId))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no RUN_STARTED for " + runId));
    EstimateRequest request =
        new EstimateRequest(
            TENANT,
            workload.name,
            runId,
            new JobFeatures(inputs, workload.joins, workload.depth, workload.output),
            null);
    ObjectNode line = json.createObjectNode();
    line.set("request", EstimateRequestJson.toJson(request));
    line.putArray("events").add(json.valueToTree(start)).add(json.valueToTree(finished));
    events.removeIf(e -> e.run().runId().equals(runId));
    return line;
  }

  private TelemetryEvent awaitFinished(String runId, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (TelemetryEvent e : events) {
        if (e.type() == EventType.RUN_FINISHED && e.run().runId().equals(runId)) {
          return e;
        }
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("no RUN_FINISHED for " + runId + " within " + timeout);
  }

  /** A Parquet table of {@code rows} rows; a share {@code skew} of its keys is one hot key. */
  Dataset<Row> table(String kind, long rows, double skew, List<TableInput> inputs)
      throws IOException {
    String name = kind + "_" + rows + "_" + (int) (skew * 100);
    Path dir = tableDir.resolve(name);
    if (!tables.containsKey(name)) {
      long keys = Math.max(100, rows / 20);
      spark
          .range(rows)
          .withColumn(
              "key",
              when(rand(rows).lt(skew), lit(0L)).otherwise(col("id").multiply(7919L).mod(keys)))
          .withColumn("value", rand(rows + 1).multiply(1000))
          .withColumn("category", col("id").mod(37).cast("string"))
          .write()
          .mode(SaveMode.Overwrite)
          .parquet(dir.toString());
      long bytes;
      try (Stream<Path> files = Files.list(dir)) {
        bytes =
            files
                .filter(p -> p.getFileName().toString().endsWith(".parquet"))
                .mapToLong(RealRunFixtureGenerator::sizeOf)
                .sum();
      }
      tables.put(name, new TableInput(name, rows, bytes));
    }
    inputs.add(tables.get(name));
    return spark.read().parquet(dir.toString());
  }

  private static long sizeOf(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void writeOut(Dataset<Row> result, String runId) {
    result.write().mode(SaveMode.Overwrite).parquet(tableDir.resolve("out-" + runId).toString());
  }

  private enum Workload {
    ROLLUP("events-rollup", 0, 0, OutputKind.FILES) {
      @Override
      void run(RealRunFixtureGenerator g, List<Dataset<Row>> t, long size, String runId) {
        g.writeOut(t.get(0).groupBy("key", "category").agg(count(lit(1)).as("n"), sum("value").as("total")), runId);
      }
    },
    ENRICH("orders-enrich", 1, 1, OutputKind.FILES) {
      @Override
      List<String> dimensions() {
        return List.of("dims:10");
      }

      @Override
      void run(RealRunFixtureGenerator g, List<Dataset<Row>> t, long size, String runId) {
        Dataset<Row> dim = t.get(1).select(col("id").as("key"), col("category").as("segment"));
        g.writeOut(t.get(0).join(dim, "key").groupBy("segment").agg(sum("value").as("total")), runId);
      }
    },
    CHAIN("chain-attribution", 2, 2, OutputKind.DRIVER) {
      @Override
      List<String> dimensions() {
        return List.of("sessions:4", "dims:10");
      }

      @Override
      void run(RealRunFixtureGenerator g, List<Dataset<Row>> t, long size, String runId) {
        Dataset<Row> sessions = t.get(1).select(col("id").as("key"), col("key").as("user"));
        Dataset<Row> users = t.get(2).select(col("id").as("user"), col("category").as("segment"));
        t.get(0).join(sessions, "key").join(users, "user").groupBy("segment").count().collectAsList();
      }
    },
    STAR("star-segments", 2, 1, OutputKind.FILES) {
      @Override
      List<String> dimensions() {
        return List.of("dims:10", "regions:20");
      }

      @Override
      void run(RealRunFixtureGenerator g, List<Dataset<Row>> t, long size, String runId) {
        Dataset<Row> d1 = t.get(1).select(col("id").as("key"), col("category").as("segment"));
        long regions = Math.max(1_000, size / 20);
        Dataset<Row> d2 = t.get(2).select(col("id").as("category_id"), col("category").as("region"));
        Dataset<Row> joined = t.get(0).withColumn("category_id", col("id").mod(regions))
            .join(d1, "key").join(d2, "category_id");
        g.writeOut(joined.groupBy("segment", "region").agg(sum("value").as("total")), runId);
      }
    },
    DEDUPE("dedupe-latest", 0, 0, OutputKind.FILES) {
      @Override
      void run(RealRunFixtureGenerator g, List<Dataset<Row>> t, long size, String runId) {
        Dataset<Row> latest = t.get(0)
            .withColumn("rn", row_number().over(Window.partitionBy("key").orderBy(col("value").desc())))
            .where(col("rn").equalTo(1));
        g.writeOut(latest, runId);
      }
    },
    DISTINCT("distinct-users", 0, 0, OutputKind.DRIVER) {
      @Override
      void run(RealRunFixtureGenerator g, List<Dataset<Row>> t, long size, String runId) {
        t.get(0).groupBy("category").agg(countDistinct("key")).collectAsList();
      }
    };

    final String name;
    final int joins;
    final int depth;
    final OutputKind output;

    Workload(String name, int joins, int depth, OutputKind output) {
      this.name = name;
      this.joins = joins;
      this.depth = depth;
      this.output = output;
    }

    /** Tables besides the fact table, as kind:divisor (rows = fact rows / divisor, at least 1000). */
    List<String> dimensions() {
      return List.of();
    }

    /** Creates (outside the run) and opens every table the run reads; the fact table first. */
    List<Dataset<Row>> prepare(RealRunFixtureGenerator g, long size, double skew, List<TableInput> in)
        throws IOException {
      List<Dataset<Row>> tables = new ArrayList<>();
      tables.add(g.table("facts", size, skew, in));
      for (String dim : dimensions()) {
        String[] parts = dim.split(":");
        long rows = Math.max(1_000, size / Long.parseLong(parts[1]));
        tables.add(g.table(parts[0], rows, parts[0].equals("sessions") ? skew : 0.0, in));
      }
      return tables;
    }

    abstract void run(RealRunFixtureGenerator g, List<Dataset<Row>> tables, long size, String runId);
  }
}
