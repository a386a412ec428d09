/**
 * OpenTelemetry tracing of runs and stages, and the W3C trace context a run carries to the collector
 * and triage. Built on the OpenTelemetry SDK, which the shaded listener jar relocates under {@code
 * io.sparkplane.shaded.otel}.
 */
package io.sparkplane.listener.trace;
