package io.sparkplane.alerting.testing;

import io.sparkplane.alerting.notify.Notification;
import io.sparkplane.alerting.notify.Notifier;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An in-process receiver: keeps what it was sent. */
public final class RecordingNotifier implements Notifier {

  public final List<Notification> received = new CopyOnWriteArrayList<>();

  @Override
  public void send(Notification notification) {
    received.add(notification);
  }

  /** Waits until at least {@code n} notifications arrived (delivery is on the channel's thread). */
  public List<Notification> await(int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (received.size() < n && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return List.copyOf(received);
  }
}
