package io.sparkplane.engine;

import java.util.List;
import java.util.Objects;

/**
 * Salt these join or grouping keys by this factor ({@code io.sparkplane.salting.Salting}).
 *
 * @param keys key columns; empty means the workload's own key for its skew-prone step
 * @param factor pieces each key is cut into, at least 2
 */
public record SaltingDirective(List<String> keys, int factor) {

  public SaltingDirective {
    keys = List.copyOf(Objects.requireNonNull(keys, "keys"));
    if (factor < 2) {
      throw new IllegalArgumentException("factor must be >= 2, was " + factor);
    }
  }
}
