package io.sparkplane.estimator.internal;

import io.sparkplane.estimator.JobFeatures;
import io.sparkplane.estimator.OutputKind;
import smile.data.type.DataTypes;
import smile.data.type.StructField;
import smile.data.type.StructType;

/**
 * The model's input: a fixed, versioned vector of pre-run job features, the resources the run is
 * given, and the workload's recent history. A model file records the {@link #VERSION} it was
 * trained with and is refused by code of another version. Internal.
 */
public final class FeatureSchema {

  /** Bumped whenever {@link #NAMES} or their meaning change. */
  public static final int VERSION = 1;

  /** Column of the target in training frames; always last. */
  public static final String TARGET = "y";

  static final String[] NAMES = {
    "log_rows",
    "log_bytes",
    "log_max_table_bytes",
    "log_max_table_rows",
    "tables",
    "joins",
    "depth",
    "out_files",
    "out_table",
    "out_driver",
    "log_total_cores",
    "executor_cores",
    "h_count",
    "h_log_duration",
    "h_log_bytes",
    "h_size_ratio",
    "h_log_peak",
  };

  /** Columns read by name outside {@link #fill} (by {@link RuntimePrior} and {@link MemoryModel}). */
  static final int LOG_BYTES = 1;
  static final int JOINS = 5;
  static final int LOG_TOTAL_CORES = 10;
  static final int H_COUNT = 12;
  static final int H_LOG_DURATION = 13;
  static final int H_LOG_BYTES = 14;

  /** Width of a feature vector (without the target). */
  public static final int WIDTH = NAMES.length;

  private FeatureSchema() {}

  /** Schema of a frame with the features and, last, the target. */
  public static StructType frameSchema() {
    StructField[] fields = new StructField[WIDTH + 1];
    for (int i = 0; i < WIDTH; i++) {
      fields[i] = new StructField(NAMES[i], DataTypes.DoubleType);
    }
    fields[WIDTH] = new StructField(TARGET, DataTypes.DoubleType);
    return DataTypes.struct(fields);
  }

  public static String[] frameNames() {
    String[] names = new String[WIDTH + 1];
    System.arraycopy(NAMES, 0, names, 0, WIDTH);
    names[WIDTH] = TARGET;
    return names;
  }

  /**
   * Writes the features of one run into {@code row[0..WIDTH)}; {@code row} may be longer (the
   * target slot is left alone).
   */
  public static void fill(
      double[] row, JobFeatures f, int executors, int executorCores, WorkloadStats history) {
    double logBytes = Math.log1p(f.totalBytes());
    row[0] = Math.log1p(f.totalRows());
    row[LOG_BYTES] = logBytes;
    row[2] = Math.log1p(f.largestTableBytes());
    row[3] = Math.log1p(f.largestTableRows());
    row[4] = f.tables().size();
    row[JOINS] = f.joins();
    row[6] = f.relationshipDepth();
    row[7] = f.outputKind() == OutputKind.FILES ? 1 : 0;
    row[8] = f.outputKind() == OutputKind.TABLE ? 1 : 0;
    row[9] = f.outputKind() == OutputKind.DRIVER ? 1 : 0;
    row[LOG_TOTAL_CORES] = Math.log((double) executors * executorCores);
    row[11] = executorCores;
    row[H_COUNT] = history.count();
    row[H_LOG_DURATION] = history.logMedianDurationMs();
    row[H_LOG_BYTES] = history.logMedianBytes();
    row[15] = history.count() == 0 ? 0 : logBytes - history.logMedianBytes();
    row[16] = history.logMedianPeakBytes();
  }
}
