/**
 * Turning a telemetry request body into stored events: decoding (gzip, size bounds), parsing (JSON,
 * JSON array, NDJSON), schema validation, and the ingest metrics.
 */
@NullMarked
package io.sparkplane.collector.ingest;

import org.jspecify.annotations.NullMarked;
