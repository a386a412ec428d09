package io.sparkplane.triage.retry;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the customer must change, for classes a retry cannot fix ({@code CARTESIAN_EXPLOSION},
 * {@code USER_CODE_ERROR}, ...): which join, which keys, how many rows each side produced.
 *
 * @param summary one line for the customer
 * @param advice what to change
 * @param joinOperator the exploding join's physical operator, when known
 * @param joinCondition its keys and type as Spark printed them
 * @param keys the join keys, attribute ids removed
 * @param stageId the stage that ran the join
 * @param outputRows rows the join produced
 * @param stageInputRows rows the join's stage read (both sides together)
 * @param inputs the shuffle-writing stages just before the join's stage with the rows each wrote:
 *     usually the join's two sides
 * @param errorLine the matched error line, for errors in user code
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CustomerGuidance(
    String summary,
    String advice,
    @Nullable String joinOperator,
    @Nullable String joinCondition,
    List<String> keys,
    @Nullable Integer stageId,
    @Nullable Long outputRows,
    @Nullable Long stageInputRows,
    List<SideRows> inputs,
    @Nullable String errorLine) {

  public CustomerGuidance {
    keys = List.copyOf(keys);
    inputs = List.copyOf(inputs);
  }

  /** Rows one input stage of a join wrote to the shuffle the join read. */
  public record SideRows(int stageId, String stageName, long rows) {}
}
