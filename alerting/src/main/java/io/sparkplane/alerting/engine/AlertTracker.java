package io.sparkplane.alerting.engine;

import io.sparkplane.alerting.Alert;
import io.sparkplane.alerting.AlertFacts;
import io.sparkplane.alerting.AlertKey;
import io.sparkplane.alerting.AlertState;
import io.sparkplane.alerting.AlertingMetrics;
import io.sparkplane.alerting.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The life of each alert key: fires when its condition first holds, holds down when it clears, and
 * resolves only if it stays clear for the whole hold-down, so a flapping condition pages once. Keeps
 * the newest resolved alerts. Not thread-safe.
 */
final class AlertTracker implements ConditionSink {

  private final long holdDownMs;
  private final int recentLimit;
  private final AlertListener listener;
  private final AlertingMetrics metrics;
  private final Map<AlertKey, Tracked> active = new LinkedHashMap<>();
  private final ArrayDeque<Alert> recent = new ArrayDeque<>();
  private long nowMs;

  AlertTracker(long holdDownMs, int recentLimit, AlertListener listener, AlertingMetrics metrics) {
    this.holdDownMs = holdDownMs;
    this.recentLimit = recentLimit;
    this.listener = listener;
    this.metrics = metrics;
  }

  /** Sets the time the following conditions are reported at. */
  void at(long now) {
    this.nowMs = now;
  }

  @Override
  public void condition(AlertKey key, Level level, boolean holds, Supplier<AlertFacts> facts) {
    Tracked tracked = active.get(key);
    if (holds) {
      if (tracked == null) {
        tracked = new Tracked(key, level, nowMs, facts.get());
        active.put(key, tracked);
        Alert alert = tracked.snapshot();
        metrics.fired(alert);
        listener.fired(alert, nowMs);
      } else {
        tracked.facts = facts.get();
        tracked.state = AlertState.FIRING;
      }
    } else if (tracked != null && tracked.state == AlertState.FIRING) {
      tracked.state = AlertState.HOLDING;
      tracked.clearedAtMs = nowMs;
      if (holdDownMs == 0) {
        resolve(tracked);
      }
    }
  }

  /** Resolves alerts whose hold-down passed. */
  void resolveHeld() {
    List<Tracked> due = new ArrayList<>();
    for (Tracked t : active.values()) {
      if (t.state == AlertState.HOLDING && nowMs - t.clearedAtMs >= holdDownMs) {
        due.add(t);
      }
    }
    due.forEach(this::resolve);
  }

  private void resolve(Tracked tracked) {
    active.remove(tracked.key);
    Alert resolved =
        new Alert(tracked.key, tracked.level, AlertState.RESOLVED, tracked.startsAtMs, nowMs, tracked.facts);
    if (recentLimit > 0) {
      recent.addFirst(resolved);
      while (recent.size() > recentLimit) {
        recent.removeLast();
      }
    }
    metrics.resolved(resolved);
    listener.resolved(resolved, nowMs);
  }

  List<Alert> active() {
    List<Alert> alerts = new ArrayList<>(active.size());
    for (Tracked t : active.values()) {
      alerts.add(t.snapshot());
    }
    return alerts;
  }

  /** Resolved alerts, newest first. */
  List<Alert> recent() {
    return List.copyOf(recent);
  }

  int activeCount() {
    return active.size();
  }

  private static final class Tracked {
    final AlertKey key;
    final Level level;
    final long startsAtMs;
    AlertFacts facts;
    AlertState state = AlertState.FIRING;
    long clearedAtMs;

    Tracked(AlertKey key, Level level, long startsAtMs, AlertFacts facts) {
      this.key = key;
      this.level = level;
      this.startsAtMs = startsAtMs;
      this.facts = facts;
    }

    Alert snapshot() {
      return new Alert(key, level, state, startsAtMs, null, facts);
    }
  }
}
