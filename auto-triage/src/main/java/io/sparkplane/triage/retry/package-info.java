/**
 * SLA-aware retries of triaged runs: remedies turned into Spark conf overrides and salting plans,
 * a policy that retries only remediable or transient classes when the remedied run still fits
 * before the SLA deadline, rate limits, and delivery to the engine's retry webhook.
 *
 * <pre>{@code
 * CollectorServer.builder(config)
 *     .extension(new TriageExtension(TriageSettings.defaults()))
 *     .extension(new RetryExtension(RetrySettings.fromProperties(props)))   // after triage
 *     .build();
 * }</pre>
 */
@NullMarked
package io.sparkplane.triage.retry;

import org.jspecify.annotations.NullMarked;
