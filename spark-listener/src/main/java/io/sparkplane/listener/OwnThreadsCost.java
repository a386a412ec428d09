package io.sparkplane.listener;

import io.sparkplane.listener.aggregate.ShippingStats;
import io.sparkplane.listener.ship.TelemetryShipper;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The delivery side of the listener's cost: CPU time of its own threads (the shipper and the
 * heartbeat thread) from the JVM's per-thread clocks, and the shipper's byte and queue figures.
 * The JDK HTTP client's selector thread and the JVM's GC notification thread are not included.
 */
final class OwnThreadsCost implements ShippingStats {

  private final TelemetryShipper shipper;
  private final AtomicReference<Thread> heartbeatThread;

  OwnThreadsCost(TelemetryShipper shipper, AtomicReference<Thread> heartbeatThread) {
    this.shipper = shipper;
    this.heartbeatThread = heartbeatThread;
  }

  @Override
  public long shippingCpuNanos() {
    long shipping = shipper == null ? 0 : ThreadCpu.of(shipper.workerThread());
    return shipping + ThreadCpu.of(heartbeatThread.get());
  }

  @Override
  public long bytesSerialized() {
    return shipper == null ? 0 : shipper.bytesSerialized();
  }

  @Override
  public long bytesSent() {
    return shipper == null ? 0 : shipper.bytesSent();
  }

  @Override
  public int queueHighWaterMark() {
    return shipper == null ? 0 : shipper.queueHighWaterMark();
  }
}
