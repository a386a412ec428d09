/** Benchmark of the alerting engine: a synthetic fleet replayed through every built-in rule. */
package io.sparkplane.bench.alerting;
