package io.sparkplane.alerting.notify;

import io.sparkplane.alerting.Alert;
import io.sparkplane.alerting.AlertState;
import io.sparkplane.alerting.config.RoutingConfig;
import io.sparkplane.alerting.engine.AlertListener;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides when each notifier hears about an alert key: once when it fires (after the group wait),
 * again only when its notifier's repeat interval passed while it still fires, and once when it
 * resolves, and only if its firing was announced (an alert that resolves within the group wait
 * pages no one). Called on the engine's thread, under its lock; hands off to the channels at once.
 */
public final class NotificationRouter implements AlertListener, AutoCloseable {

  private final long groupWaitMs;
  private final List<NotifierChannel> channels;
  private final Map<String, Routed> routed = new HashMap<>();

  public NotificationRouter(RoutingConfig routing, List<NotifierChannel> channels) {
    this.groupWaitMs = routing.groupWait().toMillis();
    this.channels = List.copyOf(channels);
  }

  @Override
  public void fired(Alert alert, long nowMs) {
    Routed r = new Routed(alert, nowMs);
    routed.put(alert.id(), r);
    if (groupWaitMs == 0) {
      announce(r, nowMs);
    }
  }

  @Override
  public void resolved(Alert alert, long nowMs) {
    Routed r = routed.remove(alert.id());
    if (r == null || !r.announced) {
      return;
    }
    for (NotifierChannel channel : channels) {
      channel.submit(Notification.Kind.RESOLVED, alert, nowMs);
    }
  }

  @Override
  public void tick(long nowMs, Collection<Alert> active) {
    for (Alert alert : active) {
      Routed r = routed.get(alert.id());
      if (r == null) {
        continue;
      }
      r.alert = alert;
      if (!r.announced) {
        if (nowMs - r.firedAtMs >= groupWaitMs) {
          announce(r, nowMs);
        }
        continue;
      }
      if (alert.state() != AlertState.FIRING) {
        continue; // holding: the condition cleared, a resolve may follow; no reminder
      }
      for (NotifierChannel channel : channels) {
        Long last = r.lastSentMs.get(channel.name());
        if (last != null && nowMs - last >= channel.repeatInterval().toMillis()) {
          r.lastSentMs.put(channel.name(), nowMs);
          channel.submit(Notification.Kind.REPEAT, alert, nowMs);
        }
      }
    }
  }

  private void announce(Routed r, long nowMs) {
    r.announced = true;
    for (NotifierChannel channel : channels) {
      r.lastSentMs.put(channel.name(), nowMs);
      channel.submit(Notification.Kind.FIRING, r.alert, r.firedAtMs);
    }
  }

  /** Closes every channel, each waiting up to {@code timeout} for its queue. */
  public void close(Duration timeout) {
    for (NotifierChannel channel : channels) {
      channel.close(timeout);
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }

  private static final class Routed {
    Alert alert;
    final long firedAtMs;
    boolean announced;
    final Map<String, Long> lastSentMs = new HashMap<>();

    Routed(Alert alert, long firedAtMs) {
      this.alert = alert;
      this.firedAtMs = firedAtMs;
    }
  }
}
