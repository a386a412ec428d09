/**
 * Benchmarks of the estimator: in-process prediction latency, {@code POST /api/v1/estimates}
 * latency under an open-loop load, and training time on synthetic history. Each is a main class;
 * docs/performance.md gives the commands and the figures.
 */
package io.sparkplane.bench.estimator;
