/**
 * Benchmarks of the Sparkplane listener: summary size, retained memory and overhead on a real Spark
 * job. Each is a main class; docs/performance.md gives the commands and the figures.
 */
package io.sparkplane.bench;
