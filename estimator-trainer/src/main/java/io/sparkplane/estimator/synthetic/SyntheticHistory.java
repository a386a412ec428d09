package io.sparkplane.estimator.synthetic;

import io.sparkplane.collector.store.StoredRun;
import io.sparkplane.estimator.EstimateRequest;
import io.sparkplane.estimator.JobFeatures;
import io.sparkplane.estimator.OutputKind;
import io.sparkplane.estimator.TableInput;
import io.sparkplane.wire.JoinSummary;
import io.sparkplane.wire.ListenerStats;
import io.sparkplane.wire.MetricTotals;
import io.sparkplane.wire.Progress;
import io.sparkplane.wire.ResourceConf;
import io.sparkplane.wire.RunIdentity;
import io.sparkplane.wire.RunStatus;
import io.sparkplane.wire.RunSummary;
import io.sparkplane.wire.Timing;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates a fleet's run history: tenants with workloads of fixed shape (tables, joins, depth,
 * output), each run with a day-to-day varying input size (log-normal, sizes over four orders of
 * magnitude across workloads), a hot-key skew that slows some runs, and the executor count the
 * fleet happened to give it.
 *
 * <p>The cost model follows the real local-Spark runs in {@code real-runs.ndjson.gz}: a fixed
 * start-up cost; task time proportional to rows read (about 60 thousand rows per core-second for
 * an aggregation, each join adding 60%); runtime = start-up + task time / cores, stretched by
 * skew and by imperfect scaling; peak task memory a 34 MB floor plus the rows each task holds. Run
 * to run noise is log-normal (σ {@value #NOISE}).
 *
 * <pre>{@code
 * SyntheticHistory fleet = new SyntheticHistory(42, 20, 25);
 * List<SyntheticRun> runs = fleet.generate(1_000_000, startMs, 60_000);
 * }</pre>
 *
 * <p>Not thread-safe; deterministic for a seed.
 */
public final class SyntheticHistory {

  static final double NOISE = 0.12;
  static final double ROWS_PER_CORE_SECOND = 60_000;
  static final double JOIN_COST = 0.6;
  static final double BYTES_PER_ROW = 16.5;
  static final long PEAK_FLOOR_BYTES = 34L << 20;
  private static final int[] EXECUTORS = {1, 2, 4, 8, 16, 32, 64};
  private static final int[] CORES = {2, 4};

  private final SplittableRandom random;
  private final List<Shape> shapes = new ArrayList<>();
  private final double attachedShare;
  private long sequence;

  /** A workload's fixed character. */
  private record Shape(
      String tenant,
      String name,
      int tables,
      int joins,
      int depth,
      OutputKind output,
      double logRows,
      double startupMs,
      double costFactor,
      double skewChance,
      double memoryPerRow) {}

  /**
   * @param seed makes the history reproducible
   * @param tenants number of tenants
   * @param workloadsPerTenant workloads each tenant runs
   */
  public SyntheticHistory(long seed, int tenants, int workloadsPerTenant) {
    this(seed, tenants, workloadsPerTenant, 0.8);
  }

  /** @param attachedShare share of runs that carry their estimate request as an attachment */
  public SyntheticHistory(long seed, int tenants, int workloadsPerTenant, double attachedShare) {
    this.random = new SplittableRandom(seed);
    this.attachedShare = attachedShare;
    for (int t = 0; t < tenants; t++) {
      for (int w = 0; w < workloadsPerTenant; w++) {
        int joins = random.nextInt(5);
        shapes.add(
            new Shape(
                "tenant-" + t,
                "workload-" + w,
                1 + joins + random.nextInt(2),
                joins,
                joins == 0 ? 0 : 1 + random.nextInt(joins),
                OutputKind.values()[random.nextInt(OutputKind.values().length)],
                // median rows per run: 100 thousand to 1 billion across workloads
                Math.log(1e5) + random.nextDouble() * Math.log(1e4),
                2_000 + random.nextDouble() * 20_000,
                Math.exp(random.nextGaussian() * 0.3),
                random.nextDouble() * 0.4,
                BYTES_PER_ROW * (1 + 3 * random.nextDouble())));
      }
    }
  }

  /** Runs {@code count} runs, one every {@code spacingMs} from {@code startMs}, workloads mixed. */
  public List<SyntheticRun> generate(int count, long startMs, long spacingMs) {
    List<SyntheticRun> runs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      runs.add(next(startMs + i * spacingMs));
    }
    return runs;
  }

  /** The next run, submitted at {@code submitMs}. */
  public SyntheticRun next(long submitMs) {
    Shape shape = shapes.get(random.nextInt(shapes.size()));
    double logRows = shape.logRows() + random.nextGaussian() * 0.7;
    long factRows = Math.max(1_000, (long) Math.exp(logRows));
    List<TableInput> tables = new ArrayList<>();
    tables.add(new TableInput("fact", factRows, bytesOf(factRows)));
    long totalRows = factRows;
    for (int i = 1; i < shape.tables(); i++) {
      long rows = Math.max(1_000, factRows / (4 + random.nextInt(40)));
      tables.add(new TableInput("dim" + i, rows, bytesOf(rows)));
      totalRows += rows;
    }
    int executors = executorsFor(factRows);
    int cores = CORES[random.nextInt(CORES.length)];
    int totalCores = executors * cores;
    boolean skewed = random.nextDouble() < shape.skewChance();
    double skew = skewed ? 1.5 + random.nextDouble() : 1.0;
    double workMs =
        totalRows / ROWS_PER_CORE_SECOND * 1000 * (1 + JOIN_COST * shape.joins()) * shape.costFactor();
    // Imperfect scaling: each doubling of cores buys a bit less than half the time.
    double parallelMs = workMs / Math.pow(totalCores, 0.9) * skew;
    double noise = Math.exp(random.nextGaussian() * NOISE);
    long durationMs = Math.max(100, Math.round((shape.startupMs() + parallelMs) * noise));
    long partitions = Math.max(2L * totalCores, totalRows / 2_000_000);
    double rowsPerTask = (double) totalRows / partitions * skew;
    long peak =
        Math.round(
            (PEAK_FLOOR_BYTES + rowsPerTask * shape.memoryPerRow() * (1 + 0.5 * shape.joins()))
                * Math.exp(random.nextGaussian() * 0.05));
    JobFeatures features = new JobFeatures(tables, shape.joins(), shape.depth(), shape.output());
    String runId = shape.name() + "-" + (sequence++);
    EstimateRequest request =
        new EstimateRequest(shape.tenant(), shape.name(), runId, features, null);
    StoredRun run =
        storedRun(shape, runId, submitMs, durationMs, features, executors, cores, workMs * noise, peak, partitions);
    return new SyntheticRun(run, request, random.nextDouble() < attachedShare);
  }

  private int executorsFor(long rows) {
    // Fleets give bigger jobs more executors, with some randomness.
    int index = (int) Math.floor(Math.log10(rows) - 4 + random.nextInt(3) - 1);
    return EXECUTORS[Math.max(0, Math.min(EXECUTORS.length - 1, index))];
  }

  private long bytesOf(long rows) {
    return Math.round(rows * BYTES_PER_ROW * (0.8 + 0.4 * random.nextDouble()));
  }

  private static StoredRun storedRun(
      Shape shape,
      String runId,
      long submitMs,
      long durationMs,
      JobFeatures features,
      int executors,
      int cores,
      double workMs,
      long peak,
      long partitions) {
    RunIdentity identity =
        new RunIdentity(runId, shape.tenant(), "eu-west-1", shape.name(), 1, "app-" + runId, shape.name(), null);
    ResourceConf resources =
        new ResourceConf(
            "yarn", "4.0.1", executors, cores, 4096L * cores, 1024L, 4096L, (int) partitions,
            true, true, true, false);
    long startMs = submitMs + 1_000;
    long endMs = startMs + durationMs;
    long inputRows = features.totalRows();
    long inputBytes = features.totalBytes();
    long shuffle = shape.joins() == 0 ? inputBytes / 4 : inputBytes * shape.joins() / 2;
    long tasks = partitions * (1 + shape.joins()) + Math.max(1, inputBytes >> 27);
    MetricTotals totals =
        new MetricTotals(
            tasks, 0, 0, Math.round(workMs), Math.round(workMs * 0.8e6), Math.round(workMs * 0.03),
            inputRows, inputBytes,
            shape.output() == OutputKind.DRIVER ? 0 : inputRows / 10,
            shape.output() == OutputKind.DRIVER ? 0 : inputBytes / 10,
            inputRows / 2, shuffle, inputRows / 2, shuffle, 0, 0, peak, 4096L * tasks);
    List<JoinSummary> joins = new ArrayList<>();
    for (int j = 0; j < shape.joins(); j++) {
      joins.add(new JoinSummary(j, "SortMergeJoin", "Inner", inputRows, j + 2, inputRows, 1.0));
    }
    RunSummary summary =
        new RunSummary(
            RunStatus.SUCCEEDED,
            new Timing(submitMs, startMs, endMs, durationMs, 200L),
            null,
            resources,
            totals,
            new Progress(0, 1 + shape.joins(), 0, 0, 2 + shape.joins() * 2, 0, tasks, 0),
            List.of(),
            0,
            MetricTotals.ZERO,
            joins,
            ListenerStats.NONE);
    return new StoredRun(identity, RunStatus.SUCCEEDED, submitMs, startMs, endMs, null, null, summary, resources, 2);
  }
}
