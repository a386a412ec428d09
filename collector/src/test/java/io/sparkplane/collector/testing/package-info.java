/** Test fixtures shared by the collector's tests and the benchmarks: real servers started locally. */
package io.sparkplane.collector.testing;
