package io.sparkplane.listener.ship;

import io.sparkplane.wire.TelemetryEvent;
import java.time.Duration;
import java.util.List;

/** Delivers one batch of events to the collector. */
public interface TelemetryTransport {

  /**
   * Sends the batch within {@code timeout}; returns the bytes serialized and sent.
   *
   * @throws DeliveryException when the collector did not acknowledge the batch
   */
  Delivery send(List<TelemetryEvent> batch, Duration timeout)
      throws DeliveryException, InterruptedException;
}
