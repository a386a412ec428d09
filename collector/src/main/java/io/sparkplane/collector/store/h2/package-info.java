/**
 * The embedded, file-backed {@link io.sparkplane.collector.store.RunStore}: the collector's default.
 *
 * <p>Why H2: it is pure Java (no native library to ship or match to the platform), stores to a single
 * file under the data directory, speaks SQL with real indexes for the run queries, and its MVStore
 * engine is append-only with checksummed chunks, so a crash leaves the last consistent state rather
 * than a torn file. That is enough for one collector; larger fleets use the Elasticsearch store.
 */
@NullMarked
package io.sparkplane.collector.store.h2;

import org.jspecify.annotations.NullMarked;
