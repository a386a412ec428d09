package io.sparkplane.alerting;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One alert as the engine knows it at a moment.
 *
 * @param key which alert
 * @param level how urgent, from the rule's settings
 * @param state firing, holding (firing, condition cleared, within hold-down) or resolved
 * @param startsAtMs when it started firing, epoch millis
 * @param resolvedAtMs when it resolved, if it did
 * @param facts the latest measurement for the key
 */
public record Alert(
    AlertKey key, Level level, AlertState state, long startsAtMs, @Nullable Long resolvedAtMs, AlertFacts facts) {

  public Alert {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(facts, "facts");
  }

  public String id() {
    return key.id();
  }

  /** Whether on-call should consider it open (firing or holding). */
  public boolean isActive() {
    return state != AlertState.RESOLVED;
  }
}
