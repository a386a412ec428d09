package io.sparkplane.wire;

/**
 * Body of a {@link EventType#HEARTBEAT} event: progress and driver heap.
 *
 * <pre>{@code
 * new Heartbeat(progress, 412L << 20, 512L << 20, 398L << 20) // 412 MiB in use, 398 MiB right after the last GC
 * }</pre>
 *
 * @param driverHeapUsedBytes heap in use when the heartbeat was taken, garbage included
 * @param driverHeapMaxBytes the driver's maximum heap ({@code -Xmx})
 * @param driverHeapAfterGcBytes optional: heap in use right after the driver's most recent garbage
 *     collection, what that collection could not free (young collections leave the old generation's
 *     garbage, so it is at least the live set); {@code null} before the first collection and from
 *     listeners that do not send it
 */
public record Heartbeat(
    Progress progress, long driverHeapUsedBytes, long driverHeapMaxBytes, Long driverHeapAfterGcBytes) {

  public Heartbeat {
    if (driverHeapAfterGcBytes != null && driverHeapAfterGcBytes < 0) {
      throw new IllegalArgumentException("driverHeapAfterGcBytes cannot be negative, was " + driverHeapAfterGcBytes);
    }
  }

  /** A heartbeat without the after-GC figure, as listeners before it sent. */
  public Heartbeat(Progress progress, long driverHeapUsedBytes, long driverHeapMaxBytes) {
    this(progress, driverHeapUsedBytes, driverHeapMaxBytes, null);
  }
}
