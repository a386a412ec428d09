package io.sparkplane.estimator;

import java.util.List;
import java.util.Objects;

/**
 * What the engine knows about a job before running it.
 *
 * <pre>{@code
 * new JobFeatures(List.of(new TableInput("orders", 1_000_000, 80_000_000)), 0, 0, OutputKind.FILES);
 * }</pre>
 *
 * @param tables the source tables, at least one
 * @param joins number of joins in the plan
 * @param relationshipDepth longest chain of joined relationships (0 without joins)
 * @param outputKind where the result goes
 */
public record JobFeatures(
    List<TableInput> tables, int joins, int relationshipDepth, OutputKind outputKind) {

  public JobFeatures {
    tables = List.copyOf(Objects.requireNonNull(tables, "tables"));
    if (tables.isEmpty()) {
      throw new IllegalArgumentException("tables must not be empty");
    }
    if (joins < 0) {
      throw new IllegalArgumentException("joins must be >= 0, was " + joins);
    }
    if (relationshipDepth < 0) {
      throw new IllegalArgumentException(
          "relationshipDepth must be >= 0, was " + relationshipDepth);
    }
    Objects.requireNonNull(outputKind, "outputKind");
  }

  public long totalRows() {
    long sum = 0;
    for (TableInput t : tables) {
      sum += t.rows();
    }
    return sum;
  }

  public long totalBytes() {
    long sum = 0;
    for (TableInput t : tables) {
      sum += t.bytes();
    }
    return sum;
  }

  public long largestTableBytes() {
    long max = 0;
    for (TableInput t : tables) {
      max = Math.max(max, t.bytes());
    }
    return max;
  }

  public long largestTableRows() {
    long max = 0;
    for (TableInput t : tables) {
      max = Math.max(max, t.rows());
    }
    return max;
  }
}
