/**
 * Alerts on run outcomes: failure bursts, success-rate SLO burn rates, SLA misses and runtime
 * drift, evaluated per tenant, region and fleet inside the collector, deduplicated and sent to
 * on-call with the triage classification of the failures behind them. Start at {@link
 * io.sparkplane.alerting.AlertingExtension}.
 */
@NullMarked
package io.sparkplane.alerting;

import org.jspecify.annotations.NullMarked;
