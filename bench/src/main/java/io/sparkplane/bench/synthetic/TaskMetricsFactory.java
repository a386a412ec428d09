package io.sparkplane.bench.synthetic;

import java.util.SplittableRandom;
import org.apache.spark.executor.TaskMetrics;

/**
 * Task metrics with realistic spreads: log-normal run times around a per-stage median, input splits
 * near 128 MiB, shuffle blocks with a skewed tail, occasional spills. The setters are
 * {@code private[spark]} in Scala and public in bytecode, which is how Spark's own JSON replay fills
 * them.
 */
final class TaskMetricsFactory {

  private static final long MIB = 1L << 20;

  private final SplittableRandom random;

  TaskMetricsFactory(SplittableRandom random) {
    this.random = random;
  }

  /** Metrics of one task; {@code skew} multiplies its data volume (1 for a typical task). */
  TaskMetrics next(StageKind kind, long medianRunMs, double skew) {
    TaskMetrics m = TaskMetrics.empty();
    long runMs = Math.max(1, (long) (medianRunMs * skew * logNormal(0.5)));
    m.setExecutorDeserializeTime(random.nextLong(1, 40));
    m.setExecutorDeserializeCpuTime(random.nextLong(1_000_000, 30_000_000));
    m.setExecutorRunTime(runMs);
    m.setExecutorCpuTime((long) (runMs * 1_000_000L * (0.6 + 0.35 * random.nextDouble())));
    m.setJvmGCTime((long) (runMs * 0.05 * random.nextDouble()));
    m.setResultSize(random.nextLong(1_500, 4_000));
    m.setResultSerializationTime(random.nextLong(0, 3));
    long peakMemory = (long) (64 * MIB * skew * logNormal(0.4));
    m.setPeakExecutionMemory(peakMemory);
    if (kind == StageKind.SCAN) {
      long bytes = (long) (128 * MIB * (0.7 + 0.3 * random.nextDouble()) * skew);
      m.inputMetrics().setBytesRead(bytes);
      m.inputMetrics().setRecordsRead(bytes / random.nextLong(80, 140));
      long written = bytes / random.nextLong(3, 8);
      m.shuffleWriteMetrics().incBytesWritten(written);
      m.shuffleWriteMetrics().incRecordsWritten(written / 60);
      m.shuffleWriteMetrics().incWriteTime(random.nextLong(1_000_000, 200_000_000));
    } else {
      long bytes = (long) (40 * MIB * logNormal(0.6) * skew);
      long remote = (long) (bytes * 0.9);
      m.shuffleReadMetrics().setRemoteBytesRead(remote);
      m.shuffleReadMetrics().setLocalBytesRead(bytes - remote);
      m.shuffleReadMetrics().setRemoteBlocksFetched(random.nextInt(100, 400));
      m.shuffleReadMetrics().setLocalBlocksFetched(random.nextInt(1, 10));
      m.shuffleReadMetrics().setFetchWaitTime(random.nextLong(0, 500));
      m.shuffleReadMetrics().setRecordsRead(bytes / 60);
      m.outputMetrics().setBytesWritten(bytes / 4);
      m.outputMetrics().setRecordsWritten(bytes / 240);
    }
    if (peakMemory > 96 * MIB) {
      m.incMemoryBytesSpilled(peakMemory / 2);
      m.incDiskBytesSpilled(peakMemory / 6);
    }
    return m;
  }

  private double logNormal(double sigma) {
    return Math.exp(sigma * gaussian());
  }

  private double gaussian() {
    // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
    double u = 1 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
