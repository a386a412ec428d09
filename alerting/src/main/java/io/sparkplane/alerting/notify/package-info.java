/** Notifiers (Alertmanager, PagerDuty Events API v2, JSON webhook): each an interface implementation, a config and a builder found by the config's {@code type}; delivery is queued, rate-limited and retried off the evaluation thread. */
@NullMarked
package io.sparkplane.alerting.notify;

import org.jspecify.annotations.NullMarked;
