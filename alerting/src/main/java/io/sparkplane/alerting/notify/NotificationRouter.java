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
 * resolves, and only if its firing page was accepted or is still being delivered (an alert that
 * resolves within the group wait pages no one). A key counts as paged by a notifier only once that
 * notifier accepted the firing page: if its channel gave the page up (retries exhausted, dropped),
 * the page is submitted again on a later evaluation tick while the alert still fires, with at most
 * one firing page per key and notifier in flight, so an outage longer than the retry budget delays
 * the first page instead of losing it, and recovery brings exactly one page. Called on the engine's
 * thread, under its lock; hands off to the channels at once.
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
      Page page = r.pages.get(channel.name());
      if (page != null && page.state != PageState.GIVEN_UP) {
        channel.submit(Notification.Kind.RESOLVED, alert, nowMs);
      }
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
        Page page = r.pages.get(channel.name());
        switch (page.state) {
          case GIVEN_UP -> page(r, channel, nowMs);
          case ACCEPTED -> {
            if (nowMs - page.lastSentMs >= channel.repeatInterval().toMillis()) {
              page.lastSentMs = nowMs;
              channel.submit(Notification.Kind.REPEAT, alert, nowMs);
            }
          }
          case PENDING -> {} // at most one firing page in flight per key and notifier
        }
      }
    }
  }

  private void announce(Routed r, long nowMs) {
    r.announced = true;
    for (NotifierChannel channel : channels) {
      page(r, channel, nowMs);
    }
  }

  /** Submits the firing page of {@code r} to {@code channel} and records its outcome when known. */
  private void page(Routed r, NotifierChannel channel, long nowMs) {
    Page page = r.pages.computeIfAbsent(channel.name(), n -> new Page());
    page.state = PageState.PENDING;
    page.lastSentMs = nowMs;
    channel
        .submit(Notification.Kind.FIRING, r.alert, r.firedAtMs)
        .thenAccept(accepted -> page.state = accepted ? PageState.ACCEPTED : PageState.GIVEN_UP);
  }

  /**
   * Where {@code notifier}'s firing page for {@code alertId} stands, or null when it has none.
   * Call on the engine's thread (the channel's outcome is read as it lands).
   */
  PageState pageState(String alertId, String notifier) {
    Routed r = routed.get(alertId);
    Page page = r == null ? null : r.pages.get(notifier);
    return page == null ? null : page.state;
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
    /** Per notifier name; written by the engine's thread and (its state) by the channel's. */
    final Map<String, Page> pages = new HashMap<>();

    Routed(Alert alert, long firedAtMs) {
      this.alert = alert;
      this.firedAtMs = firedAtMs;
    }
  }

  enum PageState {
    /** Submitted; the channel has not reported yet. */
    PENDING,
    /** The notifier accepted the firing page. */
    ACCEPTED,
    /** The channel gave it up (retries exhausted, rate limit wait exceeded, queue full). */
    GIVEN_UP
  }

  /** The firing page of one alert key at one notifier. */
  private static final class Page {
    volatile PageState state = PageState.PENDING;
    /** Engine clock of the last firing or repeat submission; engine thread only. */
    long lastSentMs;
  }
}
