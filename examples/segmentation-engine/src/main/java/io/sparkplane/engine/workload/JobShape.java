package io.sparkplane.engine.workload;

import java.util.List;

/**
 * What a segment query reads and how it joins, known before it runs: the estimator's features
 * ({@code POST /api/v1/estimates}).
 *
 * @param outputKind {@code FILES}, {@code TABLE} or {@code DRIVER}
 */
public record JobShape(List<TableSize> tables, int joins, int relationshipDepth, String outputKind) {

  public JobShape {
    tables = List.copyOf(tables);
  }
}
