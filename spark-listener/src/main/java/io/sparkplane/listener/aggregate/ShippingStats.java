package io.sparkplane.listener.aggregate;

/**
 * Application-wide figures of the listener's delivery side, read when a run's cost is reported.
 */
public interface ShippingStats {

  /** CPU time of the listener's own threads (delivery, heartbeats) so far. */
  long shippingCpuNanos();

  long bytesSerialized();

  long bytesSent();

  int queueHighWaterMark();

  /** No delivery: the listener aggregates without a collector. */
  ShippingStats NONE =
      new ShippingStats() {
        @Override
        public long shippingCpuNanos() {
          return 0;
        }

        @Override
        public long bytesSerialized() {
          return 0;
        }

        @Override
        public long bytesSent() {
          return 0;
        }

        @Override
        public int queueHighWaterMark() {
          return 0;
        }
      };
}
