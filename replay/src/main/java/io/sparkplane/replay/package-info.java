/**
 * Event-log replay: feeds Spark event logs (plain, compressed, rolling) through the live listener's
 * aggregation ({@code RunTracker}) and writes the resulting run telemetry to an NDJSON file or a
 * collector. Entry point for the CLI: {@link io.sparkplane.replay.ReplayCommandRunner}.
 */
package io.sparkplane.replay;
