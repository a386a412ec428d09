package io.sparkplane.estimator;

import java.util.Objects;

/**
 * One source table of a job, as the engine knows it before running.
 *
 * <pre>{@code
 * new TableInput("orders", 12_000_000, 1_800_000_000L);
 * }</pre>
 *
 * @param name table name, for the record only
 * @param rows rows the job will read from it, at least 0
 * @param bytes bytes the job will read from it, at least 0
 */
public record TableInput(String name, long rows, long bytes) {

  public TableInput {
    Objects.requireNonNull(name, "name");
    if (rows < 0) {
      throw new IllegalArgumentException("rows must be >= 0, was " + rows);
    }
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes must be >= 0, was " + bytes);
    }
  }
}
