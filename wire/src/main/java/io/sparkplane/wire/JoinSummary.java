package io.sparkplane.wire;

/**
 * A SQL join operator as Spark's SQL metrics report it.
 *
 * @param operator physical operator, e.g. {@code SortMergeJoin}
 * @param condition join keys and type as Spark prints them, truncated
 * @param outputRows rows the operator produced ("number of output rows")
 * @param stageId stage whose tasks ran the operator, when known
 * @param stageInputRows records the stage read (input plus shuffle read), when known
 * @param outputToInputRatio outputRows / stageInputRows, 0 when unknown
 */
public record JoinSummary(
    long sqlExecutionId,
    String operator,
    String condition,
    long outputRows,
    Integer stageId,
    long stageInputRows,
    double outputToInputRatio) {}
