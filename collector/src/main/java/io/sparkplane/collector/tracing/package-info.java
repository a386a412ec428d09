/**
 * The collector watching itself: OpenTelemetry spans per ingest request and store write, and the
 * store decorator that times every store operation for Micrometer.
 */
@NullMarked
package io.sparkplane.collector.tracing;

import org.jspecify.annotations.NullMarked;
