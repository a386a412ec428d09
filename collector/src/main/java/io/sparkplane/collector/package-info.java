/**
 * The Sparkplane collector: receives telemetry from Spark listeners, stores runs, and serves them.
 * Start it with {@link io.sparkplane.collector.CollectorServer}.
 */
@NullMarked
package io.sparkplane.collector;

import org.jspecify.annotations.NullMarked;
