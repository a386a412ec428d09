package io.sparkplane.wire;

/**
 * What observing a run cost the Spark driver, measured by the listener itself: CPU time from the
 * JVM's per-thread clocks, bytes, queue depth, and an estimate of the memory it retained.
 *
 * @param busCpuNanos CPU time spent inside the listener's callbacks on Spark's listener-bus thread
 *     for this run's events
 * @param busCallbacks callbacks handled for this run
 * @param taskEvents task-end events among them
 * @param shippingCpuNanos CPU time of the listener's own threads (delivery, heartbeats) since the
 *     listener started; application-wide, as delivery is shared by the application's runs
 * @param bytesSerialized JSON bytes the listener serialized for delivery, application-wide
 * @param bytesSent bytes it sent on the wire (gzip), application-wide
 * @param queueHighWaterMark most events ever waiting for delivery, application-wide
 * @param retainedBytesPeak largest estimate of the memory this run's aggregation held (sketches,
 *     stage summaries, joins, failures, sized by their contents)
 * @param cpuToExecutorCpuRatio (busCpuNanos + shippingCpuNanos) / the run's executor CPU time; 0 when
 *     the run used no executor CPU
 * @param busCpuNanosPerTask busCpuNanos / taskEvents; 0 without tasks
 */
public record ListenerCost(
    long busCpuNanos,
    long busCallbacks,
    long taskEvents,
    long shippingCpuNanos,
    long bytesSerialized,
    long bytesSent,
    int queueHighWaterMark,
    long retainedBytesPeak,
    double cpuToExecutorCpuRatio,
    double busCpuNanosPerTask) {}
