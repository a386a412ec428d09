package io.sparkplane.triage.retry;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Which key to salt and by how much, for a run triaged {@code DATA_SKEW}. The factor cuts the hot
 * partition to about the advisory partition size: {@code ceil(hotPartitionBytes /
 * advisoryPartitionBytes)}, kept within {@code retry.salting.minFactor..maxFactor}.
 *
 * <pre>{@code
 * {"keys":["customer_id"],"factor":8,"stageId":3,"joinCondition":"[customer_id#3L], [customer_id#9L], Inner",
 *  "hotPartitionBytes":536870912,"advisoryPartitionBytes":67108864}
 * }</pre>
 *
 * @param keys the join or grouping keys of the skewed stage as Spark printed them (attribute ids
 *     removed); empty when the stage ran no join the listener saw, and the engine salts the key it
 *     knows for that step
 * @param factor salts per key, at least 2
 * @param stageId the skewed stage
 * @param joinCondition the join's keys and type as Spark printed them, when known
 * @param hotPartitionBytes the largest shuffle partition of the stage, 0 when it read no shuffle
 * @param advisoryPartitionBytes the target size the factor was computed for
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SaltingPlan(
    List<String> keys,
    int factor,
    @Nullable Integer stageId,
    @Nullable String joinCondition,
    long hotPartitionBytes,
    long advisoryPartitionBytes) {

  public SaltingPlan {
    keys = List.copyOf(Objects.requireNonNull(keys, "keys"));
    if (factor < 2) {
      throw new IllegalArgumentException("factor must be >= 2, was " + factor);
    }
  }
}
