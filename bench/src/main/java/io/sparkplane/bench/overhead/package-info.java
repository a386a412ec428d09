/**
 * The listener-overhead benchmark: a parent that runs a real local Spark job in fresh JVMs, with and
 * without the listener, interleaved, and compares the pairs.
 */
package io.sparkplane.bench.overhead;
