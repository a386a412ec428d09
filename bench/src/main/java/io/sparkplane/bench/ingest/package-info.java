/**
 * Ingest throughput of the collector over HTTP into its stores (embedded H2 and Elasticsearch side
 * by side): {@link io.sparkplane.bench.ingest.IngestThroughputBench}.
 */
package io.sparkplane.bench.ingest;
