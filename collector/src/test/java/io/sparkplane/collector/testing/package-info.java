/**
 * Test fixtures shared by the collector's tests, the other modules' tests and the benchmarks: real
 * servers started locally ({@link io.sparkplane.collector.testing.ElasticsearchNode}) and the fuzz
 * tests' runner and hostile inputs ({@link io.sparkplane.collector.testing.Fuzz}, {@link
 * io.sparkplane.collector.testing.HostileYaml}).
 */
package io.sparkplane.collector.testing;
