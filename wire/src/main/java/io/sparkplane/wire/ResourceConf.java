package io.sparkplane.wire;

/** Resource settings the run was given, from Spark conf; each is optional (unset in the conf). */
public record ResourceConf(
    String master,
    String sparkVersion,
    Integer executorInstances,
    Integer executorCores,
    Long executorMemoryMb,
    Long executorMemoryOverheadMb,
    Long driverMemoryMb,
    Integer shufflePartitions,
    Boolean adaptiveEnabled,
    Boolean adaptiveSkewJoinEnabled,
    Boolean adaptiveCoalescePartitionsEnabled,
    Boolean dynamicAllocationEnabled) {

  public static final ResourceConf UNKNOWN =
      new ResourceConf(null, null, null, null, null, null, null, null, null, null, null, null);
}
