/**
 * Synthetic but realistic Spark listener events, built from Spark's own event classes, for
 * benchmarks that drive the listener's aggregation without a cluster.
 */
package io.sparkplane.bench.synthetic;
