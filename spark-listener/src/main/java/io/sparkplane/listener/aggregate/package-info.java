/**
 * Internal: the aggregation of Spark listener events into bounded run summaries, shared by the live
 * listener and event-log replay. Not a public API.
 */
package io.sparkplane.listener.aggregate;
