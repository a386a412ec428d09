package io.sparkplane.listener;

import io.sparkplane.listener.ship.TelemetryShipper;

/**
 * Test access to a listener's shipper (package-private in spark-listener), for the reliability
 * suite's checks that the listener's delivery queue stays within its bound.
 */
public final class ListenerProbe {

  private ListenerProbe() {}

  /** The listener's shipper; throws when it ships nowhere. */
  public static TelemetryShipper shipper(SparkplaneListener listener) {
    TelemetryShipper shipper = listener.shipper();
    if (shipper == null) {
      throw new IllegalStateException("the listener has no collector URL");
    }
    return shipper;
  }
}
