/** The collector's HTTP API on Javalin: ingest, run queries, health and metrics endpoints. */
@NullMarked
package io.sparkplane.collector.http;

import org.jspecify.annotations.NullMarked;
