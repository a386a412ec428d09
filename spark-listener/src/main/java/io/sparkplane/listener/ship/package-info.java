/**
 * Internal: asynchronous delivery of telemetry to the collector (bounded queue, batching, gzip,
 * retries with backoff). Not a public API.
 */
package io.sparkplane.listener.ship;
