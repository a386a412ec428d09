package io.sparkplane.estimator;

/** Where a job's result goes; writes cost more than a small result returned to the driver. */
public enum OutputKind {
  /** Written as files (Parquet, ORC, ...). */
  FILES,
  /** Written into a catalog table. */
  TABLE,
  /** Returned to the driver (counts, small aggregates). */
  DRIVER
}
